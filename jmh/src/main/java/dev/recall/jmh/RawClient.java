package dev.recall.jmh;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;

/** The baseline: the same driver's own client, used directly, for the floor of one round trip. */
interface RawClient extends AutoCloseable {
  /** Runs the Jedis client's async calls, a virtual thread each. */
  Executor VIRTUAL_THREADS = Executors.newVirtualThreadPerTaskExecutor();

  byte[] get(byte[] key);

  /**
   * {@code GET} without blocking the caller: Lettuce's own async API; Jedis has none, so a virtual thread per call
   * runs its blocking {@code get}, as Recall's Jedis driver does for its async commands.
   */
  CompletableFuture<byte[]> getAsync(byte[] key);

  void set(byte[] key, byte[] value);

  @Override
  void close();

  static RawClient open(Driver driver, String host, int port) {
    return switch (driver) {
      case JEDIS -> new Jedis(host, port);
      case LETTUCE -> new Lettuce(host, port);
    };
  }

  /**
   * Jedis 8's pooled client, with 16 connections handed out fairly, as Recall's Jedis driver is configured in these
   * benchmarks (the default pool of 8, unfair, starves most of thousands of waiting threads).
   */
  final class Jedis implements RawClient {
    private final redis.clients.jedis.RedisClient client;

    Jedis(String host, int port) {
      GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
      pool.setMaxTotal(16);
      pool.setMaxIdle(16);
      pool.setFairness(true);
      // Bounded, so a starved caller fails (and the load harness counts it) instead of stalling the run.
      pool.setMaxWait(java.time.Duration.ofSeconds(2));
      client = redis.clients.jedis.RedisClient.builder().hostAndPort(new HostAndPort(host, port)).poolConfig(pool)
          .build();
    }

    @Override
    public byte[] get(byte[] key) {
      return client.get(key);
    }

    @Override
    public CompletableFuture<byte[]> getAsync(byte[] key) {
      return CompletableFuture.supplyAsync(() -> client.get(key), VIRTUAL_THREADS);
    }

    @Override
    public void set(byte[] key, byte[] value) {
      client.set(key, value);
    }

    @Override
    public void close() {
      client.close();
    }
  }

  /** Lettuce's synchronous API on one connection. */
  final class Lettuce implements RawClient {
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisCommands<byte[], byte[]> commands;

    Lettuce(String host, int port) {
      client = RedisClient.create(RedisURI.create(host, port));
      connection = client.connect(ByteArrayCodec.INSTANCE);
      commands = connection.sync();
    }

    @Override
    public byte[] get(byte[] key) {
      return commands.get(key);
    }

    @Override
    public CompletableFuture<byte[]> getAsync(byte[] key) {
      return connection.async().get(key).toCompletableFuture();
    }

    @Override
    public void set(byte[] key, byte[] value) {
      commands.set(key, value);
    }

    @Override
    public void close() {
      connection.close();
      client.shutdown();
    }
  }
}
