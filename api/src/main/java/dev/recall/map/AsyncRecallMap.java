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

  /**
   * Sets the value of a key, replacing any.
   *
   * @param key the key
   * @param value the new value
   * @return a future that completes once the value is written
   */
  CompletableFuture<Void> set(K key, V value);

  /**
   * Completes with the value of a key, or empty.
   *
   * @param key the key to look up
   * @return a future of the value, empty when the key has none
   */
  CompletableFuture<Optional<V>> get(K key);

  /**
   * Completes with the value of a key, or {@code defaultValue}.
   *
   * @param key the key to look up
   * @param defaultValue the result when the key has no value
   * @return a future of the value or {@code defaultValue}
   */
  CompletableFuture<V> get(K key, V defaultValue);

  /**
   * Completes with whether the key has a value.
   *
   * @param key the key to look up
   * @return a future of {@code true} when the key has a value
   */
  CompletableFuture<Boolean> contains(K key);

  /**
   * Feeds every entry to {@code action}, page by page with {@code HSCAN}; completes after the last page.
   *
   * @param action called with each key and value, possibly on a driver's I/O thread; must not block
   * @return a future that completes after the last entry was fed
   */
  CompletableFuture<Void> forEach(BiConsumer<? super K, ? super V> action);

  /** {@return a future of the number of entries} */
  CompletableFuture<Long> length();

  /** {@return a future of a copy of every entry, read with {@code HSCAN} pages} */
  CompletableFuture<Map<K, V>> toMap();

  /**
   * Removes a key atomically; completes with its value, or empty.
   *
   * @param key the key to remove
   * @return a future of the removed value, empty when there was none
   */
  CompletableFuture<Optional<V>> pop(K key);

  /**
   * Removes a key atomically; completes with its value, or {@code defaultValue}.
   *
   * @param key the key to remove
   * @param defaultValue the result when the key had no value
   * @return a future of the removed value or {@code defaultValue}
   */
  CompletableFuture<V> pop(K key, V defaultValue);

  /**
   * Sets many entries in one {@code HSET}; an empty map is a no-op.
   *
   * @param entries the keys and their new values
   * @return a future that completes once the entries are written
   */
  CompletableFuture<Void> update(Map<? extends K, ? extends V> entries);

  /**
   * Removes a key; completes with whether it had a value.
   *
   * @param key the key to remove
   * @return a future of {@code true} when the key had a value
   */
  CompletableFuture<Boolean> delete(K key);

  /**
   * Adds to an integer value; fails with {@link dev.recall.ValueConversionException} for a non-integer.
   *
   * @param key the key whose value to change; a missing key counts as 0
   * @param delta the amount to add, which may be negative
   * @return a future of the value after the addition
   */
  CompletableFuture<Long> increment(K key, long delta);

  /**
   * Adds to a decimal value; fails with {@link dev.recall.ValueConversionException} for a non-number.
   *
   * @param key the key whose value to change; a missing key counts as 0
   * @param delta the amount to add, finite; it may be negative
   * @return a future of the value after the addition
   */
  CompletableFuture<Double> increment(K key, double delta);

  /**
   * Removes every entry (deletes the hash).
   *
   * @return a future that completes once the hash is deleted
   */
  CompletableFuture<Void> clear();
}
