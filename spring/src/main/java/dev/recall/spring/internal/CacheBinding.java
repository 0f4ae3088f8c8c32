package dev.recall.spring.internal;

import dev.recall.RecallClient;
import dev.recall.codec.Codecs;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionEntries;
import dev.recall.function.FunctionSpec;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One Spring cache's Recall side: its function cache (built on first use, through the manager's client) and one
 * entry view per value type. Every view uses the cache's name as the function name, so they all read and write the
 * same entries, each decoding to its own type. Thread-safe.
 */
public final class CacheBinding {
  private final ClientHandle client;
  private final FunctionCacheConfig config;
  private final boolean allowNullValues;
  private final Consumer<FunctionCache> onCreated;
  private final ConcurrentHashMap<Type, FunctionEntries<Object>> entries = new ConcurrentHashMap<>();
  private volatile @Nullable FunctionCache cache;

  /**
   * @param onCreated called once with the function cache when it is built (metrics binding)
   */
  public CacheBinding(ClientHandle client, FunctionCacheConfig config, boolean allowNullValues,
      Consumer<FunctionCache> onCreated) {
    this.client = Objects.requireNonNull(client, "client");
    this.config = Objects.requireNonNull(config, "config");
    this.allowNullValues = allowNullValues;
    this.onCreated = Objects.requireNonNull(onCreated, "onCreated");
  }

  /** Returns the cache's name, which is also the function name of its entries. */
  public String name() {
    return config.name();
  }

  /** Returns the settings of the function cache. */
  public FunctionCacheConfig config() {
    return config;
  }

  /** Returns whether {@code null} values may be cached. */
  public boolean allowNullValues() {
    return allowNullValues;
  }

  /**
   * Returns the function cache, building it on first use.
   *
   * @throws RuntimeException when the client cannot be had (Redis unreachable at start-up and still)
   */
  public FunctionCache cache() {
    FunctionCache current = cache;
    if (current != null) {
      return current;
    }
    // Connecting happens outside the monitor; functionCache only registers the config (no I/O).
    RecallClient connected = client.get();
    synchronized (this) {
      if (cache == null) {
        FunctionCache built = connected.functionCache(config);
        onCreated.accept(built);
        cache = built;
      }
      return Objects.requireNonNull(cache);
    }
  }

  /** Returns the function cache when it was built, else {@code null}. */
  public @Nullable FunctionCache cacheIfBuilt() {
    return cache;
  }

  /**
   * Returns the entries decoding to {@code type}, JSON through the declared type (never type information from the
   * data).
   *
   * @throws RuntimeException when the client cannot be had
   */
  public FunctionEntries<Object> entries(Type type) {
    FunctionEntries<Object> found = entries.get(type);
    if (found != null) {
      return found;
    }
    FunctionCache functionCache = cache();
    return entries.computeIfAbsent(type,
        t -> functionCache.entries(FunctionSpec.builder(config.name(), Codecs.<Object>json(t)).build()));
  }
}
