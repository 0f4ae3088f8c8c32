package dev.recall.function;

import dev.recall.RecallCodecException;
import dev.recall.RecallException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The entries of one memoized function, one by one: read an entry without computing it, store a value computed
 * elsewhere, remove one, or load through the cache as a memoized call does. Got from
 * {@link FunctionCache#entries(FunctionSpec)}; what a cache abstraction such as Spring's needs.
 *
 * <p>Arguments are hashed exactly as a function memoized under the same spec hashes them (ignored arguments left
 * out), so {@code entries(spec).getIfPresent(7)} reads what {@code memoize(spec, f).apply(7)} stored and
 * {@link FunctionCache#invalidate(String, Object...)} removes it. Every read and store goes through the policy's
 * scripts, so eviction, TTL, statistics and leases work as for {@code memoize}; a spec's {@code cacheIf} condition
 * applies too (a call it refuses is neither read nor stored). An argument that cannot be part of a key is an
 * {@link UnsupportedArgumentException} before Redis is touched. With fail-open (the default) a failure of Redis or
 * of the codec is counted as an error and reads as a miss, and a store that fails is dropped; without it the
 * {@link RecallException} is thrown. Thread-safe.
 *
 * @param <R> the value type
 */
public interface FunctionEntries<R> {

  /** {@return the function's name, the prefix of its keys} */
  String function();

  /**
   * Returns the cached value of a call, without computing it; one round trip, counted as a hit or a miss. Takes no
   * lease: a concurrent loading {@link #get} is neither waited for nor blocked.
   *
   * @param args the call's arguments in order, ignored ones included
   * @return the cached value, possibly a cached {@code null}, or empty on a miss
   * @throws UnsupportedArgumentException when an argument cannot be part of a key
   * @throws RecallException when Redis or the codec fails and the cache is not fail-open
   */
  Optional<CachedValue<R>> getIfPresent(@Nullable Object... args);

  /**
   * The non-blocking form of {@link #getIfPresent}; its failures (a bad argument included) fail the future.
   *
   * @param args the call's arguments in order, ignored ones included
   * @return a future of the cached value, possibly a cached {@code null}, or of empty on a miss
   */
  CompletableFuture<Optional<CachedValue<R>>> getIfPresentAsync(@Nullable Object... args);

  /**
   * Stores the value of a call ({@code null} is a value), evicting by the policy first and applying the TTL; one
   * round trip (two for a per-function layout on a cluster).
   *
   * @param value the value to store for the call, or {@code null}
   * @param args the call's arguments in order, ignored ones included
   * @throws UnsupportedArgumentException when an argument cannot be part of a key
   * @throws RecallCodecException when the value cannot be encoded and the cache is not fail-open
   * @throws RecallException when Redis fails and the cache is not fail-open
   */
  void put(@Nullable R value, @Nullable Object... args);

  /**
   * Removes the entry of a call and returns whether there was one.
   *
   * @param args the call's arguments in order, ignored ones included
   * @return whether an entry was removed
   * @throws UnsupportedArgumentException when an argument cannot be part of a key
   * @throws RecallException when Redis cannot be reached (whether or not the cache is fail-open)
   */
  boolean invalidate(@Nullable Object... args);

  /**
   * Returns the cached value of a call, or computes it with {@code loader} and stores it: the memoized path, with
   * single flight in this JVM and the per-key lease across processes, so concurrent callers anywhere run the
   * loader once while stampede protection is on.
   *
   * @param loader computes the value on a miss
   * @param args the call's arguments in order, ignored ones included
   * @return the cached or computed value, possibly {@code null}
   * @throws Exception whatever the loader throws, unchanged (it is not cached)
   * @throws UnsupportedArgumentException when an argument cannot be part of a key
   */
  @Nullable R get(Callable<? extends @Nullable R> loader, @Nullable Object... args) throws Exception;

  /**
   * The non-blocking form of {@link #get}: the loader's future is started on a miss only, shared by concurrent
   * callers and stored when it completes; a future that fails is not cached and fails every caller's. The loader
   * may run on a driver's I/O thread, so it must return its future without blocking.
   *
   * @param loader starts the computation on a miss and returns its future
   * @param args the call's arguments in order, ignored ones included
   * @return a future of the cached or computed value, possibly {@code null}
   */
  CompletableFuture<@Nullable R> getAsync(Supplier<? extends CompletableFuture<? extends @Nullable R>> loader,
      @Nullable Object... args);
}
