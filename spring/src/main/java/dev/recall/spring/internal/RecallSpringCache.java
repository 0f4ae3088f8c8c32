package dev.recall.spring.internal;

import dev.recall.RecallConnectionException;
import dev.recall.RecallException;
import dev.recall.function.CachedValue;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionEntries;
import dev.recall.function.UnsupportedArgumentException;
import dev.recall.spring.RecallKey;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A Spring {@link Cache} over a Recall function cache, decoding values to one type: the declared return type of the
 * cached method it was resolved for ({@code Object}, that is plain JSON values, for the view the manager hands out).
 * Keys become a memoized call's arguments (see {@link RecallKey}). A cached {@code null} is a value, so
 * {@link #get(Object)} returns a wrapper of {@code null} for it and {@code null} for a miss. Reads and stores fail
 * open as the function cache is configured to; evictions and clears throw when Redis cannot be reached, so a stale
 * entry is never silently kept. Thread-safe.
 */
public final class RecallSpringCache implements Cache {
  /** Where the callbacks of async operations run: a virtual thread each, never a driver's I/O thread. */
  private static final Executor OFF_IO_THREAD = task -> Thread.ofVirtual().name("recall-spring-async").start(task);

  private final CacheBinding binding;
  private final Type valueType;
  private final @Nullable Method method;

  /**
   * @param valueType the type values decode to
   * @param method the cached method this view serves, named in error messages, or {@code null}
   */
  public RecallSpringCache(CacheBinding binding, Type valueType, @Nullable Method method) {
    this.binding = Objects.requireNonNull(binding, "binding");
    this.valueType = Objects.requireNonNull(valueType, "valueType");
    this.method = method;
  }

  /** Returns the binding this view decodes from, shared by every view of the same cache. */
  public CacheBinding binding() {
    return binding;
  }

  /** Returns the type values decode to. */
  public Type valueType() {
    return valueType;
  }

  @Override
  public String getName() {
    return binding.name();
  }

  /** Returns the {@link FunctionCache}, building it (and connecting) on first use. */
  @Override
  public Object getNativeCache() {
    return binding.cache();
  }

  @Override
  public @Nullable ValueWrapper get(Object key) {
    Optional<CachedValue<Object>> found = read(key, valueType);
    return found.map(hit -> new SimpleValueWrapper(hit.value())).orElse(null);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
    Optional<CachedValue<Object>> found = read(key, type == null ? valueType : type);
    Object value = found.map(CachedValue::value).orElse(null);
    if (type != null && value != null && !type.isInstance(value)) {
      throw new IllegalStateException("cache '" + getName() + "': the value of " + key + " is a "
          + value.getClass().getName() + ", not a " + type.getName());
    }
    return (T) value;
  }

  /** Reads an entry without loading; a miss when the client cannot be had and the cache fails open. */
  private Optional<CachedValue<Object>> read(Object key, Type type) {
    Object[] args = args(key);
    FunctionEntries<Object> entries;
    try {
      entries = entries(type);
    } catch (RuntimeException e) {
      return unavailable(e, Optional::empty);
    }
    try {
      return entries.getIfPresent(args);
    } catch (UnsupportedArgumentException e) {
      throw unsupported(key, e);
    }
  }

  /**
   * Loads through Recall's memoized path: single flight in this JVM and the per-key lease across processes, so
   * {@code @Cacheable(sync = true)} runs the method once among all instances.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
    Object[] args = args(key);
    Callable<T> checked = () -> checkNull(key, valueLoader.call());
    FunctionEntries<Object> entries;
    try {
      entries = entries(valueType);
    } catch (RuntimeException e) {
      return unavailable(e, () -> call(key, checked));
    }
    try {
      return (T) entries.get(checked, args);
    } catch (UnsupportedArgumentException e) {
      throw unsupported(key, e);
    } catch (IllegalArgumentException | RecallException e) {
      throw e;
    } catch (Exception e) {
      throw new ValueRetrievalException(key, valueLoader, e);
    }
  }

  /**
   * Reads without loading and without blocking: the future completes with a {@link ValueWrapper} on a hit (also of
   * a cached {@code null}) and with {@code null} on a miss, as Spring's async caching expects.
   */
  @Override
  public CompletableFuture<?> retrieve(Object key) {
    Object[] args = args(key);
    FunctionEntries<Object> entries;
    try {
      entries = entries(valueType);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(unavailable(e, null));
    }
    // Spring runs the method and the store in this future's callbacks: they must not run on a driver's I/O thread,
    // where a blocking call would wait for the very thread it holds.
    return entries.getIfPresentAsync(args)
        .thenApplyAsync(found -> found.map(hit -> (Object) new SimpleValueWrapper(hit.value())).orElse(null),
            OFF_IO_THREAD);
  }

  /** Loads without blocking through Recall's async memoized path (single flight and lease, as {@code get} does). */
  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    Object[] args = args(key);
    // The method may block before it returns its future; it is started on a virtual thread, never on an I/O one.
    Supplier<CompletableFuture<T>> checked = () -> CompletableFuture.supplyAsync(valueLoader, OFF_IO_THREAD)
        .thenCompose(future -> future)
        .thenApply(value -> checkNull(key, value));
    FunctionEntries<Object> entries;
    try {
      entries = entries(valueType);
    } catch (RuntimeException e) {
      return unavailable(e, () -> checked.get());
    }
    return (CompletableFuture<T>) (CompletableFuture<?>) entries.getAsync(checked, args)
        .thenApplyAsync(value -> value, OFF_IO_THREAD);
  }

  @Override
  public void put(Object key, @Nullable Object value) {
    Object[] args = args(key);
    checkNull(key, value);
    FunctionEntries<Object> entries;
    try {
      entries = entries(valueType);
    } catch (RuntimeException e) {
      unavailable(e, null);
      return;
    }
    try {
      entries.put(value, args);
    } catch (UnsupportedArgumentException e) {
      throw unsupported(key, e);
    }
  }

  @Override
  public void evict(Object key) {
    evictIfPresent(key);
  }

  @Override
  public boolean evictIfPresent(Object key) {
    Object[] args = args(key);
    try {
      return entries(Object.class).invalidate(args);
    } catch (UnsupportedArgumentException e) {
      throw unsupported(key, e);
    }
  }

  /** Removes every entry of the cache (through the cache's registry of keys, never {@code KEYS}). */
  @Override
  public void clear() {
    binding.cache().clear();
  }

  @Override
  public boolean invalidate() {
    return binding.cache().clear() > 0;
  }

  private FunctionEntries<Object> entries(Type type) {
    return binding.entries(type);
  }

  /** The memoized call's arguments a key stands for. */
  private Object[] args(Object key) {
    Objects.requireNonNull(key, "key");
    if (key instanceof RecallKey recallKey) {
      return recallKey.params();
    }
    if (key instanceof SimpleKey) {
      if (SimpleKey.EMPTY.equals(key)) {
        return new Object[0];
      }
      throw new IllegalArgumentException("cache '" + getName() + "'" + where() + ": the key " + key + " is a Spring"
          + " SimpleKey, whose parameters Recall cannot read to hash them; use RecallKeyGenerator (the auto-"
          + "configuration's and RecallCachingConfigurer's default) or a SpEL key such as key = \"#id\"");
    }
    return new Object[] {key};
  }

  private <T> T checkNull(Object key, T value) {
    if (value == null && !binding.allowNullValues()) {
      throw new IllegalArgumentException("cache '" + getName() + "' does not allow null values, but a null value"
          + " was given for the key " + key + where() + "; allow them (allow-null-values) or skip the result with"
          + " unless = \"#result == null\"");
    }
    return value;
  }

  private <T> T call(Object key, Callable<T> loader) {
    try {
      return loader.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ValueRetrievalException(key, loader, e);
    }
  }

  /**
   * The client cannot be had (Redis unreachable since start-up): fail open as the cache is configured, running the
   * fallback or answering a miss; else rethrow.
   */
  private <T> T unavailable(RuntimeException e, @Nullable Supplier<T> fallback) {
    if (!binding.config().failOpen() || !isConnectionFailure(e)) {
      // Anything else (a missing module, a bad setting) is a mistake to report, not an outage to ride out.
      throw e;
    }
    return fallback == null ? null : fallback.get();
  }

  /** Whether Redis could not be reached, however the client's source wrapped it (a bean creation failure). */
  private static boolean isConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RecallConnectionException) {
        return true;
      }
    }
    return false;
  }

  private IllegalArgumentException unsupported(Object key, UnsupportedArgumentException e) {
    String what;
    if (key instanceof RecallKey && method != null && e.index() < method.getParameterCount()) {
      Parameter parameter = method.getParameters()[e.index()];
      what = "parameter " + e.index() + " ('" + parameter.getName() + "', " + parameter.getParameterizedType()
          .getTypeName() + ")";
    } else {
      what = "the key " + key.getClass().getName();
    }
    return new IllegalArgumentException("cache '" + getName() + "'" + where() + ": " + what + " cannot be part of a"
        + " Recall key (" + e.getMessage() + ")", e);
  }

  private String where() {
    return method == null ? "" : " (method " + method.getDeclaringClass().getName() + "." + method.getName() + ")";
  }

  @Override
  public String toString() {
    return "RecallSpringCache[" + getName() + ", " + valueType.getTypeName() + "]";
  }
}
