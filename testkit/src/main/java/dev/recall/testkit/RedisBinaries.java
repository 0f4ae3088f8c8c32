package dev.recall.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Finds a {@code redis-server} binary: the {@code REDIS_SERVER} environment variable (a path, or {@code embedded}),
 * then {@code redis-server} on the {@code PATH} when it is Redis 6.2 or newer, then the binary shipped inside
 * {@code com.github.codemonstur:embedded-redis}, extracted once per JVM.
 */
public final class RedisBinaries {
  /** The oldest Redis that has every command Recall sends (LMOVE, XAUTOCLAIM, HRANDFIELD). */
  static final Version OLDEST_SUPPORTED = new Version(6, 2);

  private static final java.util.Map<Path, Version> VERSIONS = new java.util.HashMap<>();
  private static final java.util.Map<Path, Boolean> TLS = new java.util.HashMap<>();
  private static @Nullable Path extracted;

  private RedisBinaries() {}

  /**
   * Returns a runnable {@code redis-server}: the one {@code REDIS_SERVER} names ({@code REDIS_SERVER=embedded} forces
   * the embedded binary), else the {@code PATH}'s unless it is older than Redis 6.2 (or its version cannot be told),
   * else the embedded binary.
   *
   * @return the binary's path; one {@code REDIS_SERVER} names is not checked to exist
   * @throws RedisServerException when there is none for this platform
   */
  public static synchronized Path redisServer() {
    String explicit = System.getenv("REDIS_SERVER");
    if (explicit != null && !explicit.isBlank()) {
      return explicit.strip().equalsIgnoreCase("embedded") ? embedded() : Path.of(explicit.strip());
    }
    Path onPath = onPath("redis-server");
    if (onPath != null && version(onPath).atLeast(OLDEST_SUPPORTED)) {
      return onPath;
    }
    return embedded();
  }

  /**
   * {@return the {@code redis-server} shipped in {@code com.github.codemonstur:embedded-redis}, extracted once to a
   * temporary file deleted at JVM exit}
   *
   * @throws RedisServerException when there is none for this platform
   */
  public static synchronized Path embedded() {
    if (extracted == null) {
      extracted = extractEmbedded();
    }
    return extracted;
  }

  /**
   * {@return the major version of a {@code redis-server} binary, or 0 when it cannot be told}
   *
   * @param binary the executable, run with {@code --version} once per path
   */
  public static synchronized int majorVersion(Path binary) {
    return version(binary).major();
  }

  static synchronized Version version(Path binary) {
    return VERSIONS.computeIfAbsent(binary, RedisBinaries::readVersion);
  }

  private static Version readVersion(Path binary) {
    try {
      Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      return Version.parse(output);
    } catch (IOException e) {
      return Version.UNKNOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Version.UNKNOWN;
    }
  }

  /** A Redis version as {@code redis-server --version} prints it ({@code v=7.0.15}), major and minor only. */
  record Version(int major, int minor) {
    static final Version UNKNOWN = new Version(0, 0);

    static Version parse(String versionOutput) {
      var matcher = java.util.regex.Pattern.compile("v=(\\d+)\\.(\\d+)").matcher(versionOutput);
      return matcher.find() ? new Version(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)))
          : UNKNOWN;
    }

    boolean atLeast(Version other) {
      return major != other.major ? major > other.major : minor >= other.minor;
    }
  }

  /**
   * Returns whether a {@code redis-server} binary was built with TLS: it is started with TLS settings it must
   * reject, and only a TLS build gets as far as checking them (so nothing listens, and it exits at once).
   *
   * @param binary the executable, probed once per path
   * @return true for a TLS build; false too when it cannot be run or does not exit within 5 seconds
   */
  public static synchronized boolean supportsTls(Path binary) {
    return TLS.computeIfAbsent(binary, RedisBinaries::probeTls);
  }

  private static boolean probeTls(Path binary) {
    try {
      Process process = new ProcessBuilder(binary.toString(), "--port", "0", "--tls-port",
          Integer.toString(RedisServer.freePort()), "--bind", "127.0.0.1", "--save", "", "--tls-cert-file",
          "/nonexistent/recall-probe.crt", "--tls-key-file", "/nonexistent/recall-probe.key")
          .redirectErrorStream(true).start();
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      // The TLS build's own check of the settings, which a build without TLS never runs.
      return output.contains("tls-ca-cert-file") || output.contains("Failed to load certificate");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * {@return the named program from the {@code PATH}, or {@code null} when no directory there holds it executable}
   *
   * @param program a file name, such as {@code redis-server}
   */
  public static @Nullable Path onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static Path extractEmbedded() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean arm = arch.contains("aarch64") || arch.contains("arm64");
    String resource;
    if (os.contains("linux")) {
      resource = arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
    } else if (os.contains("mac") || os.contains("darwin")) {
      resource = arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
    } else {
      throw new RedisServerException("no redis-server 6.2+ on the PATH and no embedded binary for " + os + "/" + arch
          + "; install Redis or set REDIS_URL");
    }
    try (InputStream in = RedisBinaries.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new RedisServerException("no redis-server 6.2+ on the PATH and the embedded binary " + resource
            + " is not on the class path (com.github.codemonstur:embedded-redis); install Redis or set REDIS_URL");
      }
      Path dir = Files.createTempDirectory("recall-redis-bin");
      Path binary = dir.resolve("redis-server");
      Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
      if (!binary.toFile().setExecutable(true)) {
        throw new RedisServerException("cannot make " + binary + " executable");
      }
      binary.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return binary;
    } catch (IOException e) {
      throw new RedisServerException("cannot extract the embedded redis-server: " + e, e);
    }
  }
}
