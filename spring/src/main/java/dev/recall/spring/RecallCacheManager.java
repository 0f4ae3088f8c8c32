package dev.recall.spring;

import dev.recall.RecallClient;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.spring.internal.CacheBinding;
import dev.recall.spring.internal.ClientHandle;
import dev.recall.spring.internal.RecallSpringCache;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} whose caches are Recall function caches: each Spring cache name is a
 * {@link FunctionCache} of that name (its policy, max size, TTL, layout, fail-open and lease settings from the
 * builder), holding its entries under the function name it shares with the cache. Caches not declared are created
 * on first use with the defaults, unless {@link Builder#dynamic(boolean) dynamic} is off.
 *
 * <pre>{@code
 * RecallCacheManager manager = RecallCacheManager.builder(recall)
 *     .defaults(c -> c.maxSize(10_000).ttl(Duration.ofMinutes(10)))
 *     .cache("prices", c -> c.policy(EvictionPolicy.LFU).maxSize(50_000))
 *     .build();
 * }</pre>
 *
 * <p>Values are typed by the cached method's declared return type when caches are resolved through
 * {@link RecallCacheResolver} (as {@link RecallCachingConfigurer} and the Boot auto-configuration set up);
 * {@link #getCache(String)} itself hands out a view decoding plain JSON values ({@code Object}). The client may be
 * given as a supplier, called on first use, so an application starts while Redis is down and its caches fail
 * open meanwhile. Thread-safe.
 */
public final class RecallCacheManager implements CacheManager {
  private final ClientHandle client;
  private final UnaryOperator<FunctionCacheConfig.Builder> defaults;
  private final Map<String, UnaryOperator<FunctionCacheConfig.Builder>> declared;
  private final Map<String, Boolean> nullsByCache;
  private final boolean allowNullValues;
  private final boolean dynamic;
  private final Consumer<FunctionCache> onCacheCreated;
  private final ConcurrentHashMap<String, RecallSpringCache> caches = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Method, Type> valueTypes = new ConcurrentHashMap<>();

  private RecallCacheManager(Builder builder) {
    this.client = new ClientHandle(builder.client);
    this.defaults = builder.defaults;
    this.declared = Map.copyOf(builder.declared);
    this.nullsByCache = Map.copyOf(builder.nullsByCache);
    this.allowNullValues = builder.allowNullValues;
    this.dynamic = builder.dynamic;
    this.onCacheCreated = builder.onCacheCreated;
    for (String name : builder.declared.keySet()) {
      caches.put(name, create(name));
    }
  }

  /**
   * Starts a manager over a connected client.
   *
   * @param client the client whose function caches back the Spring caches
   * @return a new builder
   * @throws NullPointerException when {@code client} is null
   */
  public static Builder builder(RecallClient client) {
    Objects.requireNonNull(client, "client");
    return new Builder(() -> client);
  }

  /**
   * Starts a manager whose client is got on first use (and again after a failure, at most once a second): the
   * application starts while Redis is down, and its caches fail open (when configured to) until it connects.
   *
   * @param client gives the client; may throw while Redis cannot be reached
   * @return a new builder
   * @throws NullPointerException when {@code client} is null
   */
  public static Builder builder(Supplier<RecallClient> client) {
    return new Builder(Objects.requireNonNull(client, "client"));
  }

  /**
   * Returns the cache of that name, decoding plain JSON values; {@code null} for an undeclared one when not dynamic.
   */
  @Override
  public @Nullable Cache getCache(String name) {
    Objects.requireNonNull(name, "name");
    RecallSpringCache cache = caches.get(name);
    if (cache != null || !dynamic) {
      return cache;
    }
    return caches.computeIfAbsent(name, this::create);
  }

  /**
   * Returns the cache of that name decoding values to the declared return type of {@code method} ({@code Optional}
   * and {@code CompletableFuture} unwrapped, as Spring caches their content): what {@link RecallCacheResolver}
   * hands Spring for each cached method.
   *
   * @param name the cache's name
   * @param method the cached method, whose generic return type the values are decoded to
   * @return a view of the cache typed for {@code method}, or {@code null} for an undeclared cache when not dynamic
   * @throws NullPointerException when {@code name} is null
   */
  public @Nullable Cache getCache(String name, Method method) {
    RecallSpringCache cache = (RecallSpringCache) getCache(name);
    if (cache == null) {
      return null;
    }
    Type type = valueTypes.computeIfAbsent(method, RecallCacheManager::valueType);
    return new RecallSpringCache(cache.binding(), type, method);
  }

  @Override
  public Collection<String> getCacheNames() {
    return List.copyOf(caches.keySet());
  }

  private RecallSpringCache create(String name) {
    FunctionCacheConfig.Builder builder = defaults.apply(FunctionCacheConfig.builder(name));
    UnaryOperator<FunctionCacheConfig.Builder> own = declared.get(name);
    FunctionCacheConfig config = (own == null ? builder : own.apply(builder)).build();
    boolean nulls = nullsByCache.getOrDefault(name, allowNullValues);
    return new RecallSpringCache(new CacheBinding(client, config, nulls, onCacheCreated), Object.class, null);
  }

  /** The type Spring caches for a method: its generic return type, without an Optional or future around it. */
  static Type valueType(Method method) {
    Type type = method.getGenericReturnType();
    if (type instanceof ParameterizedType parameterized
        && (parameterized.getRawType() == Optional.class || parameterized.getRawType() == CompletableFuture.class)) {
      return parameterized.getActualTypeArguments()[0];
    }
    if (type == void.class || type == Optional.class || type == CompletableFuture.class) {
      return Object.class;
    }
    if (type instanceof Class<?> raw && raw.isPrimitive()) {
      return java.lang.invoke.MethodType.methodType(raw).wrap().returnType();
    }
    return type;
  }

  @Override
  public String toString() {
    return "RecallCacheManager" + getCacheNames();
  }

  /** Builds a {@link RecallCacheManager}; each setting is checked when set. */
  public static final class Builder {
    private final Supplier<RecallClient> client;
    private UnaryOperator<FunctionCacheConfig.Builder> defaults = UnaryOperator.identity();
    private final Map<String, UnaryOperator<FunctionCacheConfig.Builder>> declared = new LinkedHashMap<>();
    private final Map<String, Boolean> nullsByCache = new LinkedHashMap<>();
    private boolean allowNullValues = true;
    private boolean dynamic = true;
    private Consumer<FunctionCache> onCacheCreated = cache -> { };

    private Builder(Supplier<RecallClient> client) {
      this.client = client;
    }

    /**
     * Sets the settings every cache starts from, such as {@code c -> c.maxSize(1000).ttl(Duration.ofMinutes(5))}.
     *
     * @param settings applies the default settings to a cache's config builder and returns that builder
     * @return this builder
     * @throws IllegalArgumentException when they are invalid (checked at once on a sample cache)
     * @throws NullPointerException when {@code settings} is null
     */
    public Builder defaults(UnaryOperator<FunctionCacheConfig.Builder> settings) {
      Objects.requireNonNull(settings, "settings");
      settings.apply(FunctionCacheConfig.builder("defaults")).build();
      this.defaults = settings;
      return this;
    }

    /**
     * Declares a cache, created with the manager, with its own settings applied after the defaults.
     *
     * @param name the cache's name, also the function name its entries are held under; declaring it again replaces
     *     its settings
     * @param settings applies the cache's own settings to its config builder and returns that builder
     * @return this builder
     * @throws IllegalArgumentException when the name or the settings are invalid (checked at once)
     * @throws NullPointerException when an argument is null
     */
    public Builder cache(String name, UnaryOperator<FunctionCacheConfig.Builder> settings) {
      Objects.requireNonNull(settings, "settings");
      settings.apply(FunctionCacheConfig.builder(Objects.requireNonNull(name, "name"))).build();
      declared.put(name, settings);
      return this;
    }

    /**
     * Declares caches with the defaults alone.
     *
     * @param names the caches' names
     * @return this builder
     * @throws IllegalArgumentException when a name is invalid
     * @throws NullPointerException when a name is null
     */
    public Builder caches(String... names) {
      for (String name : names) {
        cache(name, UnaryOperator.identity());
      }
      return this;
    }

    /**
     * Sets whether {@code null} results are cached (default true: Recall stores a {@code null} as a value, apart
     * from a miss); when not, caching one is an {@link IllegalArgumentException}, as with Spring's own caches.
     *
     * @param allow whether caches store {@code null} results
     * @return this builder
     */
    public Builder allowNullValues(boolean allow) {
      this.allowNullValues = allow;
      return this;
    }

    /**
     * Sets whether {@code null} results are cached in one cache, overriding {@link #allowNullValues(boolean)}.
     *
     * @param cache the cache's name, declared or created on first use
     * @param allow whether that cache stores {@code null} results
     * @return this builder
     * @throws NullPointerException when {@code cache} is null
     */
    public Builder allowNullValues(String cache, boolean allow) {
      nullsByCache.put(Objects.requireNonNull(cache, "cache"), allow);
      return this;
    }

    /**
     * Sets whether caches not declared are created on first use (default true).
     *
     * @param dynamic true to create undeclared caches on first use; false to have the manager return {@code null}
     *     for them
     * @return this builder
     */
    public Builder dynamic(boolean dynamic) {
      this.dynamic = dynamic;
      return this;
    }

    /**
     * Adds a callback run once per cache when its function cache is built, such as a metrics binding.
     *
     * @param callback called with each function cache, after the callbacks added before it
     * @return this builder
     * @throws NullPointerException when {@code callback} is null
     */
    public Builder onCacheCreated(Consumer<FunctionCache> callback) {
      Objects.requireNonNull(callback, "callback");
      Consumer<FunctionCache> before = onCacheCreated;
      this.onCacheCreated = before.andThen(callback);
      return this;
    }

    /**
     * Builds the manager; declared caches are set up now, their function caches on first use.
     *
     * @return a new manager with this builder's settings
     */
    public RecallCacheManager build() {
      return new RecallCacheManager(this);
    }
  }
}
