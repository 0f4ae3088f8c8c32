package dev.recall.map;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The non-blocking view of a {@link RecallMap}: the same operations, each returning a {@link CompletableFuture} that
 * completes with the result or fails with the exception the blocking form throws. With Lettuce no thread waits;
 * with Jedis calls run on virtual threads. Futures may complete on a driver's I/O thread: do not block in callbacks.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface AsyncRecallMap<K, V> {

  /** Sets the value of a key. */
  CompletableFuture<Void> set(K key, V value);

  /** Completes with the value of a key, or empty. */
  CompletableFuture<Optional<V>> get(K key);

  /** Completes with the value of a key, or {@code defaultValue}. */
  CompletableFuture<V> get(K key, V defaultValue);

  /** Completes with whether the key has a value. */
  CompletableFuture<Boolean> contains(K key);

  /** Feeds every entry to {@code action}, page by page with {@code HSCAN}; completes after the last page. */
  CompletableFuture<Void> forEach(BiConsumer<? super K, ? super V> action);

  /** Completes with the number of entries. */
  CompletableFuture<Long> length();

  /** Completes with a copy of every entry. */
  CompletableFuture<Map<K, V>> toMap();

  /** Removes a key atomically; completes with its value, or empty. */
  CompletableFuture<Optional<V>> pop(K key);

  /** Removes a key atomically; completes with its value, or {@code defaultValue}. */
  CompletableFuture<V> pop(K key, V defaultValue);

  /** Sets many entries in one {@code HSET}. */
  CompletableFuture<Void> update(Map<? extends K, ? extends V> entries);

  /** Removes a key; completes with whether it had a value. */
  CompletableFuture<Boolean> delete(K key);

  /** Adds to an integer value; fails with {@link dev.recall.ValueConversionException} for a non-integer. */
  CompletableFuture<Long> increment(K key, long delta);

  /** Adds to a decimal value; fails with {@link dev.recall.ValueConversionException} for a non-number. */
  CompletableFuture<Double> increment(K key, double delta);

  /** Removes every entry. */
  CompletableFuture<Void> clear();
}
