package dev.recall;

import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.spi.RedisExecutor;
import java.util.concurrent.CompletableFuture;

/**
 * A connection to Redis and the single entry point to every Recall feature. Thread-safe: share one per
 * application and close it on shutdown.
 */
public interface RecallClient extends AutoCloseable {

  /** Returns the name of the driver in use, {@code jedis} or {@code lettuce}. */
  String driverName();

  /** Returns the configuration this client connected with. */
  RedisConfig config();

  /** Returns the plain cache, whose keys are bare UUIDs. */
  Cache cache();

  /**
   * Returns a plain cache whose keys are {@code <namespace>:<uuid>}.
   *
   * @throws IllegalArgumentException when the namespace is blank
   */
  Cache cache(String namespace);

  /**
   * Returns a function cache with the given settings; nothing is sent to Redis until its first call. Caches with
   * the same name and policy share their entries, also across processes.
   *
   * @throws PolicyNotFoundException when {@code dev.recall:recall-policies} is not on the class path
   */
  FunctionCache functionCache(FunctionCacheConfig config);

  /**
   * Returns a function cache with the defaults of {@link FunctionCacheConfig#of(String)} (LRU, 10,000 entries).
   *
   * @throws IllegalArgumentException when the name is blank or contains spaces
   * @throws PolicyNotFoundException when {@code dev.recall:recall-policies} is not on the class path
   */
  FunctionCache functionCache(String name);

  /** Pings Redis and reports the outcome; never throws. */
  Health health();

  /** Pings Redis without blocking; the future never fails, an outage is reported in the {@link Health}. */
  CompletableFuture<Health> healthAsync();

  /** Returns the low-level command executor, for Recall's own modules and extensions. */
  RedisExecutor executor();

  /** Closes the connections; further calls fail with {@link RecallConnectionException}. Idempotent. */
  @Override
  void close();
}
