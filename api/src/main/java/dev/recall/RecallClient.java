package dev.recall;

import dev.recall.spi.RedisExecutor;
import dev.recall.stream.Streams;
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

  /** Pings Redis and reports the outcome; never throws. */
  Health health();

  /** Pings Redis without blocking; the future never fails, an outage is reported in the {@link Health}. */
  CompletableFuture<Health> healthAsync();

  /**
   * Returns Redis Streams (senders, consumer groups), created on first call and shared.
   *
   * @throws ModuleNotFoundException when {@code dev.recall:recall-streams} is not on the class path
   */
  Streams streams();

  /** Returns the low-level command executor, for Recall's own modules and extensions. */
  RedisExecutor executor();

  /** Closes the connections; further calls fail with {@link RecallConnectionException}. Idempotent. */
  @Override
  void close();
}
