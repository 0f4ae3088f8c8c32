package dev.recall.function;

import dev.recall.RecallConnectionException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A named cache of function results in Redis. {@code memoize} takes a function and returns the same functional type,
 * whose calls are answered from Redis when the same arguments were seen before:
 *
 * <pre>{@code
 * Function<Integer, Long> fib = cache.memoize("fib", Long.class, n -> slowFib(n));
 * }</pre>
 *
 * <p>A hit is one round trip (one script reads the value and updates the policy's bookkeeping atomically); a miss
 * computes the value and stores it in one more. Concurrent misses of one key compute it once: in one JVM the
 * others wait for the computing thread, across processes for the holder of a per-key lease. {@code null} results
 * are cached; exceptions are not, and reach the caller unchanged. Thread-safe.
 */
public interface FunctionCache {

  /** {@return this cache's settings} */
  FunctionCacheConfig config();

  /**
   * Memoizes a supplier under a name, its result encoded as JSON of {@code type}.
   *
   * @param <R> the result type
   * @param name the function's name in the cache, part of every key; not blank
   * @param type the class of the results, which are stored as JSON
   * @param supplier the computation to memoize
   * @return a supplier that answers from the cache and calls {@code supplier} on a miss
   * @throws IllegalArgumentException when the name is blank
   */
  default <R> Supplier<R> memoize(String name, Class<R> type, Supplier<R> supplier) {
    return memoize(FunctionSpec.of(name, type), supplier);
  }

  /**
   * Memoizes a supplier as the spec says.
   *
   * @param <R> the result type
   * @param spec the function's name, result codec, cache condition and ignored arguments
   * @param supplier the computation to memoize
   * @return a supplier that answers from the cache and calls {@code supplier} on a miss
   */
  <R> Supplier<R> memoize(FunctionSpec<R> spec, Supplier<R> supplier);

  /**
   * Memoizes a function under a name, its result encoded as JSON of {@code type}. Calls with an argument that cannot
   * be part of a key throw {@link UnsupportedArgumentException}.
   *
   * @param <T> the argument type
   * @param <R> the result type
   * @param name the function's name in the cache, part of every key; not blank
   * @param type the class of the results, which are stored as JSON
   * @param function the computation to memoize
   * @return a function that answers from the cache and calls {@code function} on a miss
   * @throws IllegalArgumentException when the name is blank
   */
  default <T, R> Function<T, R> memoize(String name, Class<R> type, Function<T, R> function) {
    return memoize(FunctionSpec.of(name, type), function);
  }

  /**
   * Memoizes a function as the spec says.
   *
   * @param <T> the argument type
   * @param <R> the result type
   * @param spec the function's name, result codec, cache condition and ignored arguments
   * @param function the computation to memoize
   * @return a function that answers from the cache and calls {@code function} on a miss
   */
  <T, R> Function<T, R> memoize(FunctionSpec<R> spec, Function<T, R> function);

  /**
   * Memoizes a two-argument function under a name, its result encoded as JSON of {@code type}.
   *
   * @param <T> the type of the first argument
   * @param <U> the type of the second argument
   * @param <R> the result type
   * @param name the function's name in the cache, part of every key; not blank
   * @param type the class of the results, which are stored as JSON
   * @param function the computation to memoize
   * @return a function that answers from the cache and calls {@code function} on a miss
   * @throws IllegalArgumentException when the name is blank
   */
  default <T, U, R> BiFunction<T, U, R> memoize(String name, Class<R> type, BiFunction<T, U, R> function) {
    return memoize(FunctionSpec.of(name, type), function);
  }

  /**
   * Memoizes a two-argument function as the spec says.
   *
   * @param <T> the type of the first argument
   * @param <U> the type of the second argument
   * @param <R> the result type
   * @param spec the function's name, result codec, cache condition and ignored arguments
   * @param function the computation to memoize
   * @return a function that answers from the cache and calls {@code function} on a miss
   */
  <T, U, R> BiFunction<T, U, R> memoize(FunctionSpec<R> spec, BiFunction<T, U, R> function);

  /**
   * Memoizes a callable that may throw checked exceptions; they reach the caller unchanged and are not cached.
   *
   * @param <R> the result type
   * @param name the function's name in the cache, part of every key; not blank
   * @param type the class of the results, which are stored as JSON
   * @param callable the computation to memoize
   * @return a callable that answers from the cache and calls {@code callable} on a miss
   * @throws IllegalArgumentException when the name is blank
   */
  default <R> Callable<R> memoizeCallable(String name, Class<R> type, Callable<R> callable) {
    return memoizeCallable(FunctionSpec.of(name, type), callable);
  }

  /**
   * Memoizes a callable as the spec says.
   *
   * @param <R> the result type
   * @param spec the function's name, result codec, cache condition and ignored arguments
   * @param callable the computation to memoize
   * @return a callable that answers from the cache and calls {@code callable} on a miss
   */
  <R> Callable<R> memoizeCallable(FunctionSpec<R> spec, Callable<R> callable);

  /**
   * Memoizes a supplier of a future under a name, its value encoded as JSON of {@code type}. Nothing blocks: the
   * read, the computation and the store compose as futures. Concurrent misses of one key share one computation
   * (across processes the lease waiters poll on a scheduler); a future that fails is not cached and its exception
   * reaches every caller; cancelling a returned future cancels only that caller's. The function may be started on a
   * driver's I/O thread, so it must return its future without blocking; a {@code null} future fails the call with a
   * {@link NullPointerException}.
   *
   * @param <R> the result type
   * @param name the function's name in the cache, part of every key; not blank
   * @param type the class of the results, which are stored as JSON
   * @param supplier starts the computation to memoize and returns its future, without blocking
   * @return a supplier whose futures complete from the cache, or with the value {@code supplier}'s future computes
   * @throws IllegalArgumentException when the name is blank
   */
  default <R> Supplier<CompletableFuture<R>> memoizeAsync(String name, Class<R> type,
      Supplier<CompletableFuture<R>> supplier) {
    return memoizeAsync(FunctionSpec.of(name, type), supplier);
  }

  /**
   * Memoizes a supplier of a future as the spec says; see {@link #memoizeAsync(String, Class, Supplier)}.
   *
   * @param <R> the result type
   * @param spec the function's name, result codec, cache condition and ignored arguments
   * @param supplier starts the computation to memoize and returns its future, without blocking
   * @return a supplier whose futures complete from the cache, or with the value {@code supplier}'s future computes
   */
  <R> Supplier<CompletableFuture<R>> memoizeAsync(FunctionSpec<R> spec, Supplier<CompletableFuture<R>> supplier);

  /**
   * Memoizes a function returning a future under a name, as {@link #memoizeAsync(String, Class, Supplier)} does.
   * An argument that cannot be part of a key fails the call with {@link UnsupportedArgumentException}.
   *
   * @param <T> the argument type
   * @param <R> the result type
   * @param name the function's name in the cache, part of every key; not blank
   * @param type the class of the results, which are stored as JSON
   * @param function starts the computation to memoize and returns its future, without blocking
   * @return a function whose futures complete from the cache, or with the value {@code function}'s future computes
   * @throws IllegalArgumentException when the name is blank
   */
  default <T, R> Function<T, CompletableFuture<R>> memoizeAsync(String name, Class<R> type,
      Function<T, CompletableFuture<R>> function) {
    return memoizeAsync(FunctionSpec.of(name, type), function);
  }

  /**
   * Memoizes a function returning a future as the spec says; see {@link #memoizeAsync(String, Class, Function)}.
   *
   * @param <T> the argument type
   * @param <R> the result type
   * @param spec the function's name, result codec, cache condition and ignored arguments
   * @param function starts the computation to memoize and returns its future, without blocking
   * @return a function whose futures complete from the cache, or with the value {@code function}'s future computes
   */
  <T, R> Function<T, CompletableFuture<R>> memoizeAsync(FunctionSpec<R> spec,
      Function<T, CompletableFuture<R>> function);

  /**
   * Memoizes a two-argument function returning a future under a name, as the one-argument form does.
   *
   * @param <T> the type of the first argument
   * @param <U> the type of the second argument
   * @param <R> the result type
   * @param name the function's name in the cache, part of every key; not blank
   * @param type the class of the results, which are stored as JSON
   * @param function starts the computation to memoize and returns its future, without blocking
   * @return a function whose futures complete from the cache, or with the value {@code function}'s future computes
   * @throws IllegalArgumentException when the name is blank
   */
  default <T, U, R> BiFunction<T, U, CompletableFuture<R>> memoizeAsync(String name, Class<R> type,
      BiFunction<T, U, CompletableFuture<R>> function) {
    return memoizeAsync(FunctionSpec.of(name, type), function);
  }

  /**
   * Memoizes a two-argument function returning a future as the spec says.
   *
   * @param <T> the type of the first argument
   * @param <U> the type of the second argument
   * @param <R> the result type
   * @param spec the function's name, result codec, cache condition and ignored arguments
   * @param function starts the computation to memoize and returns its future, without blocking
   * @return a function whose futures complete from the cache, or with the value {@code function}'s future computes
   */
  <T, U, R> BiFunction<T, U, CompletableFuture<R>> memoizeAsync(FunctionSpec<R> spec,
      BiFunction<T, U, CompletableFuture<R>> function);

  /**
   * Returns a proxy of {@code type} that memoizes calls to {@code target}: the methods marked {@link Memoize}, or
   * every method with a result when none is marked. A method's name in the cache is its interface, name and
   * parameter types unless {@link Memoize#name()} says otherwise; results are JSON of the declared generic return
   * type.
   *
   * @param <T> the interface type
   * @param type the interface the proxy implements
   * @param target the implementation whose results are cached
   * @return a proxy that answers memoized methods from the cache and calls {@code target} on a miss
   * @throws IllegalArgumentException when {@code type} is not an interface
   */
  <T> T memoizeAll(Class<T> type, T target);

  /**
   * Returns the entries of a function, one by one: read without computing, store a value computed elsewhere,
   * remove, or load through the cache (see {@link FunctionEntries}). Registers the function's name as
   * {@code memoize} does, so {@link #invalidate} and {@link #clear(String)} know it; keys are those a function
   * memoized under the same spec uses.
   *
   * @param <R> the result type
   * @param spec the spec the function is memoized under
   * @return the function's entries
   * @throws NullPointerException when {@code spec} is null
   */
  <R> FunctionEntries<R> entries(FunctionSpec<R> spec);

  /**
   * Runs {@code call}; the first memoized call it makes on this thread skips the cache (no read, no store).
   *
   * @param <R> the type of {@code call}'s result
   * @param call the code that makes the memoized call
   * @return what {@code call} returns
   */
  <R> R bypass(Supplier<R> call);

  /**
   * Runs {@code call}; the first memoized call it makes on this thread recomputes its value and stores it.
   *
   * @param <R> the type of {@code call}'s result
   * @param call the code that makes the memoized call
   * @return what {@code call} returns
   */
  <R> R refresh(Supplier<R> call);

  /**
   * Removes the cached result of one call to a function memoized in this JVM (ignored arguments are left out of the
   * key as when it was memoized) and returns whether there was one.
   *
   * @param function the name the function was memoized under
   * @param args the call's arguments in order, ignored ones included
   * @return whether a cached result was removed
   * @throws IllegalArgumentException when no function of that name was memoized through this cache
   * @throws RecallConnectionException when Redis cannot be reached
   */
  boolean invalidate(String function, Object... args);

  /**
   * Removes every cached result of one function and returns how many there were. Never uses {@code KEYS}.
   *
   * @param function the function's name; it need not have been memoized in this JVM
   * @return the number of entries removed
   * @throws RecallConnectionException when Redis cannot be reached
   */
  long clear(String function);

  /**
   * Removes every entry of this cache, all functions, and returns how many there were. Never uses {@code KEYS}.
   *
   * @return the number of entries removed
   * @throws RecallConnectionException when Redis cannot be reached
   */
  long clear();

  /**
   * {@return the number of live entries held in Redis (expired ones excluded), all functions together}
   *
   * @throws RecallConnectionException when Redis cannot be reached
   */
  long size();

  /** {@return a snapshot of what this cache did in this JVM so far} */
  FunctionCacheStats stats();

  /**
   * Adds a recorder that receives every event from now on, beside the one of the config: how metrics bound after
   * the cache was built (such as {@code RecallCacheMetrics.monitor}) follow it.
   *
   * @param recorder the recorder to add
   * @throws NullPointerException when {@code recorder} is null
   */
  void addRecorder(StatsRecorder recorder);
}
