package dev.recall.internal;

import dev.recall.Cache;
import dev.recall.Health;
import dev.recall.RecallClient;
import dev.recall.RecallConnectionException;
import dev.recall.RecallException;
import dev.recall.RedisConfig;
import dev.recall.codec.Codec;
import dev.recall.map.RecallMap;
import dev.recall.queue.RecallQueue;
import dev.recall.queue.ReliableQueue;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.internal.function.DefaultFunctionCache;
import dev.recall.internal.tracking.DefaultCallTracker;
import dev.recall.spi.DriverConnection;
import dev.recall.spi.CommandExecutor;
import dev.recall.stream.spi.StreamsProvider;
import dev.recall.tracking.CallTracker;
import dev.recall.tracking.TrackingOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** The client {@link dev.recall.Recall#connect} returns: a driver connection and the features built on it. */
public final class DefaultRecallClient implements RecallClient {
  private final RedisConfig config;
  private final String driverName;
  private final DriverConnection connection;
  private final DefaultCommandExecutor executor;
  private final Cache cache;
  private final CallTracker tracker;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile dev.recall.stream.@org.jspecify.annotations.Nullable Streams streams;
  // One engine per name: two for one name would split the statistics and the functions memoized through them.
  private final FeatureRegistry<FunctionCacheConfig, FunctionCache> functionCaches =
      new FeatureRegistry<>("function cache");

  /** Wraps an open driver connection. */
  public DefaultRecallClient(RedisConfig config, String driverName, DriverConnection connection) {
    this.config = Objects.requireNonNull(config, "config");
    this.driverName = Objects.requireNonNull(driverName, "driverName");
    this.connection = Objects.requireNonNull(connection, "connection");
    this.executor = new DefaultCommandExecutor(connection, driverName, config.commandTimeout());
    this.cache = new DefaultCache(executor, "");
    this.tracker = new DefaultCallTracker(executor, TrackingOptions.defaults(), config.isCluster());
  }

  @Override
  public String driverName() {
    return driverName;
  }

  @Override
  public RedisConfig config() {
    return config;
  }

  @Override
  public Cache cache() {
    return cache;
  }

  @Override
  public Cache cache(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    if (namespace.isBlank()) {
      throw new IllegalArgumentException("namespace must not be blank, got '" + namespace + "'");
    }
    Limits.name("cache namespace", namespace);
    return new DefaultCache(executor, namespace + ":");
  }

  @Override
  public CallTracker tracking() {
    return tracker;
  }

  @Override
  public CallTracker tracking(TrackingOptions options) {
    return new DefaultCallTracker(executor, options, config.isCluster());
  }

  @Override
  public <K, V> RecallMap<K, V> map(String namespace, Codec<K> keyCodec, Codec<V> valueCodec) {
    return new DefaultRecallMap<>(executor, notBlank(namespace, "namespace"), keyCodec, valueCodec);
  }

  @Override
  public <K, V> RecallMap<K, V> map(Class<?> owner, String field, Codec<K> keyCodec, Codec<V> valueCodec) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(field, "field");
    try {
      owner.getDeclaredField(field);
    } catch (NoSuchFieldException e) {
      throw new IllegalArgumentException(owner.getName() + " declares no field '" + field
          + "' to derive a map namespace from", e);
    }
    return map(owner.getSimpleName() + "." + field, keyCodec, valueCodec);
  }

  @Override
  public <E> RecallQueue<E> queue(String name, Codec<E> codec) {
    return new DefaultRecallQueue<>(executor, notBlank(name, "queue name"), codec, config.isCluster());
  }

  @Override
  public <E> ReliableQueue<E> reliableQueue(String name, String consumer, Codec<E> codec) {
    return new DefaultReliableQueue<>(executor, notBlank(name, "queue name"), consumer, codec, config.isCluster());
  }

  private static String notBlank(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank, got '" + value + "'");
    }
    return Limits.name(what, value);
  }

  @Override
  public FunctionCache functionCache(FunctionCacheConfig config) {
    Objects.requireNonNull(config, "config");
    return functionCaches.get(config.name(), config, this::newFunctionCache);
  }

  @Override
  public FunctionCache functionCache(String name) {
    Objects.requireNonNull(name, "name");
    return functionCaches.get(name, () -> FunctionCacheConfig.of(name), this::newFunctionCache);
  }

  private FunctionCache newFunctionCache(FunctionCacheConfig config) {
    return new DefaultFunctionCache(executor, config, this.config.isCluster());
  }

  @Override
  public Health health() {
    long start = System.nanoTime();
    try {
      executor.execute(RedisCommands.ping());
      return new Health(true, Duration.ofNanos(System.nanoTime() - start), null);
    } catch (RecallException e) {
      return new Health(false, Duration.ofNanos(System.nanoTime() - start), e);
    } catch (RuntimeException e) {
      return new Health(false, Duration.ofNanos(System.nanoTime() - start),
          new RecallConnectionException("health check failed: " + e, e));
    }
  }

  @Override
  public CompletableFuture<Health> healthAsync() {
    long start = System.nanoTime();
    CompletableFuture<String> ping;
    try {
      ping = executor.executeAsync(RedisCommands.ping());
    } catch (RuntimeException e) {
      ping = CompletableFuture.failedFuture(e);
    }
    return ping.handle((pong, failure) -> {
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      if (failure == null) {
        return new Health(true, latency, null);
      }
      Throwable cause = Futures.unwrap(failure);
      RecallException error = cause instanceof RecallException recall
          ? recall : new RecallConnectionException("health check failed: " + cause, cause);
      return new Health(false, latency, error);
    });
  }

  @Override
  public dev.recall.stream.Streams streams() {
    dev.recall.stream.Streams current = streams;
    if (current == null) {
      synchronized (this) {
        current = streams;
        if (current == null) {
          current = ServiceProviders.first(StreamsProvider.class, "dev.recall:recall-streams")
              .create(executor);
          streams = current;
        }
      }
    }
    return current;
  }

  @Override
  public CommandExecutor executor() {
    return executor;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      executor.closeSubscribers(); // first: their transports use the connection's threads
      connection.close();
      functionCaches.clear();
    }
  }

  @Override
  public String toString() {
    return "RecallClient[driver=" + driverName + ", " + config + "]";
  }
}
