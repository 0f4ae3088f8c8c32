package dev.recall.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A Lua script and its SHA-1, run with {@code EVALSHA} and reloaded transparently when the server answers
 * {@code NOSCRIPT} (after {@code SCRIPT FLUSH}, a restart or a failover).
 *
 * @param name a short name for messages, such as the resource file name
 * @param source the Lua source
 * @param sha1 the lower-case hex SHA-1 of the source, as Redis computes it
 */
public record Script(String name, String source, String sha1) {

  /** Checks the fields. */
  public Script {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sha1, "sha1");
  }

  /** Creates a script from its source, computing the SHA-1. */
  public static Script of(String name, String source) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
      return new Script(name, source, HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  /**
   * Loads a script from a {@code .lua} resource that sits beside the class that runs it.
   *
   * @throws IllegalArgumentException when the resource does not exist
   * @throws UncheckedIOException when it cannot be read
   */
  public static Script fromResource(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no script resource '" + resource + "' beside " + owner.getName());
      }
      return of(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read script resource '" + resource + "'", e);
    }
  }

  @Override
  public String toString() {
    return "Script[" + name + ", sha1=" + sha1 + "]";
  }
}
