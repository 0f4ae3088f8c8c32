package dev.recall.internal.function;

import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionCacheStats;
import dev.recall.function.FunctionEntries;
import dev.recall.function.FunctionSpec;
import dev.recall.function.StatsRecorder;
import dev.recall.function.KeyLayout;
import dev.recall.function.spi.PolicyScripts;
import dev.recall.internal.RedisCommands;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.Replies;
import dev.recall.internal.ScanPage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link FunctionCache}: adapts each functional type onto {@link Memoizer#call}, the one core path (the
 * future-returning ones onto {@link Memoizer#callAsync}, its non-blocking form), and runs
 * the cache-wide operations (clear, size) over the registry of key pairs.
 */
public final class DefaultFunctionCache implements FunctionCache, AutoCloseable {
  private static final int SCAN_COUNT = 500;

  private final CommandExecutor executor;
  private final FunctionCacheConfig config;
  private final PolicyScripts scripts;
  private final KeySpace keySpace;
  private final FunctionStats stats;
  private final @Nullable NearInvalidations near;
  private static final Object[] NO_ARGUMENTS = new Object[0];

  private final ConcurrentHashMap<String, Memoizer> functions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, InFlightCalls> inFlight = new ConcurrentHashMap<>();

  /**
   * Creates the cache; nothing is sent to Redis until the first call.
   *
   * @param cluster whether the client is on a Redis Cluster: the keys then carry hash tags (see {@link KeySpace})
   * @throws dev.recall.PolicyNotFoundException when the policy's scripts are not on the class path
   * @throws IllegalArgumentException when the cache name cannot form a hash tag on a cluster
   * @throws dev.recall.ModuleNotFoundException when a near cache is configured and {@code recall-near-cache} is not on
   *     the class path
   */
  public DefaultFunctionCache(CommandExecutor executor, FunctionCacheConfig config, boolean cluster) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.config = Objects.requireNonNull(config, "config");
    this.scripts = PolicyLoader.find(config.policy());
    this.keySpace = new KeySpace(config, cluster);
    this.stats = new FunctionStats(config.name(), config.failOpen(), config.statsRecorder());
    this.near = config.nearCache() == null ? null : new NearInvalidations(config.name(), config.nearCache(), executor);
  }

  @Override
  public FunctionCacheConfig config() {
    return config;
  }

  @Override
  public <R> Supplier<R> memoize(FunctionSpec<R> spec, Supplier<R> supplier) {
    Memoizer memoizer = register(spec, supplier, "supplier");
    return () -> callUnchecked(memoizer, NO_ARGUMENTS, supplier::get);
  }

  @Override
  public <T, R> Function<T, R> memoize(FunctionSpec<R> spec, Function<T, R> function) {
    Memoizer memoizer = register(spec, function, "function");
    return a -> callUnchecked(memoizer, new Object[] {a}, () -> function.apply(a));
  }

  @Override
  public <T, U, R> BiFunction<T, U, R> memoize(FunctionSpec<R> spec, BiFunction<T, U, R> function) {
    Memoizer memoizer = register(spec, function, "function");
    return (a, b) -> callUnchecked(memoizer, new Object[] {a, b}, () -> function.apply(a, b));
  }

  @Override
  public <R> Callable<R> memoizeCallable(FunctionSpec<R> spec, Callable<R> callable) {
    Memoizer memoizer = register(spec, callable, "callable");
    return () -> callUnchecked(memoizer, NO_ARGUMENTS, callable::call);
  }

  @Override
  public <R> Supplier<CompletableFuture<R>> memoizeAsync(FunctionSpec<R> spec,
      Supplier<CompletableFuture<R>> supplier) {
    Memoizer memoizer = register(spec, supplier, "supplier");
    return () -> callAsync(memoizer, NO_ARGUMENTS, supplier::get);
  }

  @Override
  public <T, R> Function<T, CompletableFuture<R>> memoizeAsync(FunctionSpec<R> spec,
      Function<T, CompletableFuture<R>> function) {
    Memoizer memoizer = register(spec, function, "function");
    return a -> callAsync(memoizer, new Object[] {a}, () -> function.apply(a));
  }

  @Override
  public <T, U, R> BiFunction<T, U, CompletableFuture<R>> memoizeAsync(FunctionSpec<R> spec,
      BiFunction<T, U, CompletableFuture<R>> function) {
    Memoizer memoizer = register(spec, function, "function");
    return (a, b) -> callAsync(memoizer, new Object[] {a, b}, () -> function.apply(a, b));
  }

  @Override
  public <T> T memoizeAll(Class<T> type, T target) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(target, "target");
    return MemoizingProxy.create(type, target, this::register);
  }

  @Override
  public <R> FunctionEntries<R> entries(FunctionSpec<R> spec) {
    return new DefaultFunctionEntries<>(register(spec));
  }

  @Override
  public <R> R bypass(Supplier<R> call) {
    return CallMode.BYPASS.around(Objects.requireNonNull(call, "call"));
  }

  @Override
  public <R> R refresh(Supplier<R> call) {
    return CallMode.REFRESH.around(Objects.requireNonNull(call, "call"));
  }

  @Override
  public boolean invalidate(String function, Object... args) {
    Objects.requireNonNull(args, "args");
    return registered(function).invalidate(args);
  }

  @Override
  public long clear(String function) {
    Objects.requireNonNull(function, "function");
    Memoizer memoizer = functions.get(function);
    PairKeys pair = memoizer != null ? memoizer.keys() : keySpace.pair(config.layout(), function);
    if (config.layout() == KeyLayout.MULTIPLE) {
      if (memoizer != null) {
        memoizer.dropAllLocal();
      }
      long removed = clearPair(pair);
      if (memoizer != null) {
        // A read of this JVM that raced the clear must not leave an old copy behind it.
        memoizer.dropAllLocal();
      }
      return removed;
    }
    // One pair shared by every function: remove this function's fields, found by their id prefix.
    byte[] id = Memoizer.functionId(function);
    String match = new String(id, StandardCharsets.US_ASCII) + "*";
    long removed = 0;
    String cursor = "0";
    do {
      ScanPage page = executor.execute(RedisCommands.hscan(pair.data(), cursor, match, SCAN_COUNT));
      List<byte[]> fields = new ArrayList<>();
      List<byte[]> items = page.items();
      for (int i = 0; i < items.size(); i += 2) {
        fields.add(items.get(i));
      }
      if (!fields.isEmpty()) {
        if (memoizer != null) {
          fields.forEach(memoizer::dropLocal);
        }
        removed += Replies.longValue(executor.execute(PairCommands.remove(scripts, pair, fields)));
        if (memoizer != null) {
          fields.forEach(memoizer::dropLocal);
        }
      }
      cursor = page.cursor();
    } while (!cursor.equals("0"));
    return removed;
  }

  @Override
  public long clear() {
    functions.values().forEach(Memoizer::dropAllLocal);
    long removed = 0;
    for (byte[] prefix : registeredPairs()) {
      removed += clearPair(keySpace.fromPrefix(prefix));
    }
    executor.execute(RedisCommands.del(keySpace.registry()));
    functions.values().forEach(Memoizer::dropAllLocal);
    return removed;
  }

  /** Closes the near cache's subscription and replays, as the client closes; Redis is left as it is. */
  @Override
  public void close() {
    if (near != null) {
      near.close();
    }
  }

  @Override
  public long size() {
    long size = 0;
    for (byte[] prefix : registeredPairs()) {
      PairKeys pair = keySpace.fromPrefix(prefix);
      size += Replies.longValue(executor.execute(
          RedisCommands.evalsha(scripts.size(), List.of(pair.data(), pair.expiry()), List.of())));
    }
    return size;
  }

  @Override
  public FunctionCacheStats stats() {
    return stats.snapshot();
  }

  @Override
  public void addRecorder(StatsRecorder recorder) {
    stats.addRecorder(Objects.requireNonNull(recorder, "recorder"));
  }

  private long clearPair(PairKeys pair) {
    return Replies.longValue(executor.execute(RedisCommands.evalsha(scripts.clear(),
        List.of(pair.data(), pair.order(), pair.expiry(), pair.sequence(), pair.channel()), List.of(pair.publish()))));
  }

  private List<byte[]> registeredPairs() {
    List<byte[]> prefixes = new ArrayList<>();
    String cursor = "0";
    do {
      ScanPage page = executor.execute(RedisCommands.hscan(keySpace.registry(), cursor, null, SCAN_COUNT));
      List<byte[]> items = page.items();
      for (int i = 0; i < items.size(); i += 2) {
        prefixes.add(items.get(i));
      }
      cursor = page.cursor();
    } while (!cursor.equals("0"));
    return prefixes;
  }

  private Memoizer registered(String function) {
    Objects.requireNonNull(function, "function");
    Memoizer memoizer = functions.get(function);
    if (memoizer == null) {
      throw new IllegalArgumentException("no function named '" + function + "' was memoized through the cache '"
          + config.name() + "' in this JVM (known: " + functions.keySet() + ")");
    }
    return memoizer;
  }

  /** Registers {@code spec}, having checked that the function to memoize under it is there. */
  private Memoizer register(FunctionSpec<?> spec, Object function, String what) {
    Objects.requireNonNull(function, what);
    return register(spec);
  }

  private Memoizer register(FunctionSpec<?> spec) {
    Objects.requireNonNull(spec, "spec");
    PairKeys pair = keySpace.pair(config.layout(), spec.name());
    Memoizer memoizer = new Memoizer(spec, pair, keySpace.registry(),
        keySpace.storeRegisters(config.layout()), executor, scripts, config, stats,
        inFlight.computeIfAbsent(spec.name(), name -> new InFlightCalls()),
        near == null ? null : near.tier(pair, scripts, replaysHits(config.policy()), executor));
    functions.put(spec.name(), memoizer);
    return memoizer;
  }

  /** Whether the policy's order depends on hits, so that a near cache's hits must be replayed to Redis. */
  private static boolean replaysHits(EvictionPolicy policy) {
    return policy != EvictionPolicy.FIFO && policy != EvictionPolicy.RR;
  }

  @SuppressWarnings("unchecked")
  private static <R> R callUnchecked(Memoizer memoizer, @Nullable Object[] args, Computation computation) {
    try {
      return (R) memoizer.call(args, computation);
    } catch (Throwable t) {
      throw DefaultFunctionCache.<RuntimeException>sneaky(t);
    }
  }

  /** An argument that cannot be hashed into a key fails the returned future, as every other failure does. */
  @SuppressWarnings("unchecked")
  private static <R> CompletableFuture<R> callAsync(Memoizer memoizer, @Nullable Object[] args,
      AsyncComputation computation) {
    try {
      return (CompletableFuture<R>) (CompletableFuture<?>) memoizer.callAsync(args, computation);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Rethrows any throwable as it is, so a function's exceptions reach the caller unchanged. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  @Override
  public String toString() {
    return "FunctionCache[" + config.name() + ", " + config.policy() + ", maxSize=" + config.maxSize() + "]";
  }
}
