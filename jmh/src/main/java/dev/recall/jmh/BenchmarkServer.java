package dev.recall.jmh;

import dev.recall.RedisConfig;
import dev.recall.testkit.RedisServer;

/**
 * The Redis a benchmark fork measures against: {@code REDIS_URL} when set, else a private {@code redis-server}
 * started for the fork and stopped when it ends.
 */
final class BenchmarkServer implements AutoCloseable {
  private final RedisServer server;

  private BenchmarkServer(RedisServer server) {
    this.server = server;
  }

  static BenchmarkServer start() {
    return new BenchmarkServer(RedisServer.start());
  }

  RedisConfig config() {
    return RedisConfig.fromUrl(server.url()).toBuilder().poolSize(16).build();
  }

  String host() {
    return server.host();
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
