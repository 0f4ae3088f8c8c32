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
 * A Lua script and its SHA-1, run with {@code EVALSHA} through {@link Command#script} and reloaded transparently
 * when the server answers {@code NOSCRIPT} (after {@code SCRIPT FLUSH}, a restart or a failover). Immutable; its
 * wire forms are encoded once, here, so no call encodes them again.
 */
public final class Script {
  static final byte[] EVALSHA = "EVALSHA".getBytes(StandardCharsets.US_ASCII);
  private static final byte[][] COUNTS = new byte[16][];

  static {
    for (int i = 0; i < COUNTS.length; i++) {
      COUNTS[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
    }
  }

  private final String name;
  private final String source;
  private final String sha1;
  private final byte[] sourceBytes;
  private final byte[] sha1Bytes;

  private Script(String name, String source, byte[] sourceBytes) {
    this.name = Objects.requireNonNull(name, "name");
    this.source = source;
    this.sourceBytes = sourceBytes;
    try {
      this.sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(sourceBytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
    this.sha1Bytes = sha1.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Creates a script from its source, computing the SHA-1 as Redis does (over the UTF-8 bytes).
   *
   * @param name a short name for messages
   * @param source the Lua source
   * @return the script
   * @throws NullPointerException when the name or the source is null
   */
  public static Script of(String name, String source) {
    Objects.requireNonNull(source, "source");
    return new Script(name, source, source.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Loads a script from a {@code .lua} resource that sits beside the class that runs it. The resource name is also
   * the script's {@link #name()}.
   *
   * @param owner the class whose {@link Class#getResourceAsStream} finds the resource
   * @param resource the resource name, relative to the owner's package unless it starts with {@code /}
   * @return the script, read as UTF-8
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

  /** {@return a short name for messages, such as the resource file name} */
  public String name() {
    return name;
  }

  /** {@return the Lua source} */
  public String source() {
    return source;
  }

  /** {@return the lower-case hex SHA-1 of the source, as Redis computes it} */
  public String sha1() {
    return sha1;
  }

  byte[] sourceBytes() {
    return sourceBytes;
  }

  byte[] sha1Bytes() {
    return sha1Bytes;
  }

  /** The decimal text of a key count; the usual small counts are shared arrays. */
  static byte[] count(int keys) {
    return keys < COUNTS.length ? COUNTS[keys] : Integer.toString(keys).getBytes(StandardCharsets.US_ASCII);
  }

  /** Scripts are equal when their names and sources are. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Script that && name.equals(that.name) && source.equals(that.source);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + sha1.hashCode();
  }

  @Override
  public String toString() {
    return "Script[" + name + ", sha1=" + sha1 + "]";
  }
}
