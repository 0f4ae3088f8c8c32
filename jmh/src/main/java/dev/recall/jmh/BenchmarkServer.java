package dev.recall.jmh;

import dev.recall.RedisConfig;
import dev.recall.testkit.RedisServer;
import org.jspecify.annotations.Nullable;

/**
 * The Redis a benchmark fork measures against: {@code REDIS_URL} when set, else a private {@code redis-server}
 * started for the fork (with room for 20,000 clients, so the load harness can open 10,000 connections) and stopped
 * when it ends.
 */
public final class BenchmarkServer implements AutoCloseable {
  private final RedisServer server;

  private BenchmarkServer(RedisServer server) {
    this.server = server;
  }

  /** Returns the server {@code REDIS_URL} names, or spawns one. */
  public static BenchmarkServer start() {
    String url = System.getenv("REDIS_URL");
    if (url != null && !url.isBlank()) {
      return new BenchmarkServer(RedisServer.external(url));
    }
    return new BenchmarkServer(RedisServer.spawn("--maxclients", "20000", "--save", "", "--appendonly", "no"));
  }

  /** Returns the config Recall connects with: the server's URL and a pool of 16 connections for Jedis. */
  public RedisConfig config() {
    return RedisConfig.fromUrl(server.url()).toBuilder().poolSize(16).build();
  }

  /** Returns the server's URL. */
  public String url() {
    return server.url();
  }

  /** Returns the server's host. */
  public String host() {
    return server.host();
  }

  /** Returns the server's port. */
  public int port() {
    return server.port();
  }

  /** Runs a control command, such as {@code FLUSHALL}. */
  public @Nullable Object command(String... command) {
    return server.command(command);
  }

  @Override
  public void close() {
    server.close();
  }
}
