package dev.recall;

import dev.recall.codec.Codec;
import dev.recall.map.RecallMap;
import dev.recall.queue.RecallQueue;
import dev.recall.queue.ReliableQueue;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.spi.CommandExecutor;
import dev.recall.stream.Streams;
import dev.recall.tracking.CallTracker;
import dev.recall.tracking.TrackingOptions;
import java.util.concurrent.CompletableFuture;

/**
 * A connection to Redis and the single entry point to every Recall feature. Thread-safe: share one per
 * application and close it on shutdown.
 *
 * <p>Every feature checks its input at the call site, before anything is written: null arguments are a
 * {@link NullPointerException} naming the parameter; blank names, durations under 1 ms, non-finite numbers, keys
 * (prefix included), field names and feature names over 64 KiB of UTF-8, and values over Redis's 512 MB are an
 * {@link IllegalArgumentException} naming the problem.
 *
 * <p><b>Named features.</b> A function cache holds state in this JVM (calls in flight, statistics), so the client
 * keeps one per name, as a registry: asking twice for a name returns the same instance. Caches, call trackers, maps
 * and queues hold nothing but their settings: each call returns a new, stateless view, and views of one name are
 * interchangeable because their data lives in Redis. {@link #streams()} is one instance per client. Closing the
 * client forgets its function caches.
 */
public interface RecallClient extends AutoCloseable {

  /** {@return the name of the driver in use, {@code jedis} or {@code lettuce}} */
  String driverName();

  /** {@return the configuration this client connected with} */
  RedisConfig config();

  /** {@return the plain cache, whose keys are bare UUIDs} */
  Cache cache();

  /**
   * {@return a plain cache whose keys are {@code <namespace>:<uuid>}: a new stateless view on each call}
   *
   * @param namespace the prefix of the cache's keys, without the colon; not blank
   * @throws IllegalArgumentException when the namespace is blank
   */
  Cache cache(String namespace);

  /** {@return the call tracker with the default options: bare keys {@code <name>}, unbounded history} */
  CallTracker tracking();

  /**
   * {@return a call tracker with the given options: a new stateless view on each call, since the counts and
   * histories live in Redis}
   *
   * @param options the key prefix, history bound and JSON mapper to use
   */
  CallTracker tracking(TrackingOptions options);

  /**
   * {@return a map over the Redis hash named {@code namespace}: a new stateless view on each call; maps with the
   * same namespace share data}
   *
   * @param <K> the type of keys
   * @param <V> the type of values
   * @param namespace the name of the Redis hash; not blank
   * @param keyCodec turns keys into hash fields and back
   * @param valueCodec turns values into hash values and back
   * @throws IllegalArgumentException when the namespace is blank
   */
  <K, V> RecallMap<K, V> map(String namespace, Codec<K> keyCodec, Codec<V> valueCodec);

  /**
   * {@return a map whose namespace is {@code Owner.field} (the owner's simple name), as for a map held in that
   * field}
   *
   * @param <K> the type of keys
   * @param <V> the type of values
   * @param owner the class that declares the field
   * @param field the name of a field {@code owner} declares
   * @param keyCodec turns keys into hash fields and back
   * @param valueCodec turns values into hash values and back
   * @throws IllegalArgumentException when {@code owner} declares no field named {@code field}
   */
  <K, V> RecallMap<K, V> map(Class<?> owner, String field, Codec<K> keyCodec, Codec<V> valueCodec);

  /**
   * {@return a FIFO queue over the Redis list named {@code name}: a new stateless view on each call; queues with
   * the same name share items}
   *
   * @param <E> the type of items
   * @param name the name of the Redis list; not blank
   * @param codec turns items into list elements and back
   * @throws IllegalArgumentException when the name is blank
   */
  <E> RecallQueue<E> queue(String name, Codec<E> codec);

  /**
   * {@return the reliable view of the queue {@code name} for one consumer, whose taken items wait in
   * {@code <name>:processing:<consumer>} until confirmed: a new stateless view on each call}
   *
   * @param <E> the type of items
   * @param name the name of the Redis list the items are taken from; not blank
   * @param consumer the name of this consumer, part of its processing list's name; not blank
   * @param codec turns items into list elements and back
   * @throws IllegalArgumentException when the name or the consumer is blank
   */
  <E> ReliableQueue<E> reliableQueue(String name, String consumer, Codec<E> codec);

  /**
   * Returns the function cache named {@code config.name()}: built on the first request for that name, the same
   * instance afterwards, so all its callers count into one {@link FunctionCache#stats()} and can invalidate what
   * another memoized through it. Nothing is sent to Redis until its first call. Caches with the same name and policy
   * share their entries, also across clients and processes.
   *
   * <p>A name keeps the config of its first request; a later request must bring an equal one. Settings are compared
   * with {@code equals}, except the {@link FunctionCacheConfig#statsRecorder() statsRecorder}, which must be the
   * same object: two recorders are not known to count into the same place even when they compare equal.
   *
   * @param config the cache's name, eviction policy and other settings
   * @return the cache registered under that name
   * @throws IllegalArgumentException when this client has a cache of that name with a different config; the message
   *     names each differing setting with both values
   * @throws PolicyNotFoundException when {@code dev.recall:recall-policies} is not on the class path
   */
  FunctionCache functionCache(FunctionCacheConfig config);

  /**
   * Returns the function cache named {@code name}, whatever config it was built with, or builds one with the
   * defaults of {@link FunctionCacheConfig#of(String)} (LRU, 10,000 entries).
   *
   * @param name the cache's name; not blank, without spaces
   * @return the cache registered under that name
   * @throws IllegalArgumentException when the name is blank or contains spaces
   * @throws PolicyNotFoundException when {@code dev.recall:recall-policies} is not on the class path
   */
  FunctionCache functionCache(String name);

  /**
   * Pings Redis and reports the outcome; never throws.
   *
   * @return whether Redis answered, the round-trip time, and the error when it did not
   */
  Health health();

  /**
   * Pings Redis without blocking; the future never fails, an outage is reported in the {@link Health}.
   *
   * @return a future of the outcome
   */
  CompletableFuture<Health> healthAsync();

  /**
   * {@return Redis Streams (senders, consumer groups), created on first call and shared}
   *
   * @throws ModuleNotFoundException when {@code dev.recall:recall-streams} is not on the class path
   */
  Streams streams();

  /** {@return the low-level command executor, for Recall's own modules and extensions} */
  CommandExecutor executor();

  /** Closes the connections; further calls fail with {@link RecallConnectionException}. Idempotent. */
  @Override
  void close();
}
