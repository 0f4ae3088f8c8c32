package dev.recall.map;

import dev.recall.RecallCodecException;
import dev.recall.RecallConnectionException;
import dev.recall.ValueConversionException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A map stored in one Redis hash, the key of which is the map's namespace: keys and values are encoded by the
 * codecs given when it was obtained. Two maps with the same namespace share their data, in this process and any
 * other, so a namespace should be unique to one use. Every operation is one round trip and atomic on its own;
 * {@code null} keys and values are refused. Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface RecallMap<K, V> {

  /** {@return the namespace, which is also the key of the Redis hash} */
  String namespace();

  /**
   * Sets the value of a key, replacing any.
   *
   * @param key the key
   * @param value the new value
   * @throws RecallCodecException when the key or value cannot be encoded; nothing is written
   * @throws RecallConnectionException when Redis cannot be reached
   */
  void set(K key, V value);

  /**
   * Returns the value of a key, or empty when there is none.
   *
   * @param key the key to look up
   * @return the decoded value, or empty
   * @throws RecallCodecException when the stored value cannot be decoded to the value type
   */
  Optional<V> get(K key);

  /**
   * Returns the value of a key, or {@code defaultValue} when there is none.
   *
   * @param key the key to look up
   * @param defaultValue the result when the key has no value
   * @return the decoded value, or {@code defaultValue}
   */
  V get(K key, V defaultValue);

  /**
   * Returns whether the key has a value.
   *
   * @param key the key to look up
   * @return {@code true} when the key has a value
   */
  boolean contains(K key);

  /**
   * Returns the entries, fetched lazily page by page with {@code HSCAN} (never {@code HGETALL}), so a huge map never
   * sits in memory at once. Weakly consistent, as {@code HSCAN}: an entry present from start to end is returned;
   * one added or removed meanwhile may or may not be, and one may be returned twice if the hash is resized
   * meanwhile. Close the stream or consume it; it holds no server resource.
   *
   * @return a lazy stream of the entries, in no particular order
   */
  Stream<Map.Entry<K, V>> items();

  /** {@return the number of entries} */
  long length();

  /** {@return a copy of every entry, read with {@code HSCAN} pages} Mind the memory for very large maps. */
  Map<K, V> toMap();

  /**
   * Removes a key and returns its value, or empty when there was none; atomic (one Lua script).
   *
   * @param key the key to remove
   * @return the removed value, or empty
   */
  Optional<V> pop(K key);

  /**
   * Removes a key and returns its value, or {@code defaultValue} when there was none; atomic.
   *
   * @param key the key to remove
   * @param defaultValue the result when the key had no value
   * @return the removed value, or {@code defaultValue}
   */
  V pop(K key, V defaultValue);

  /**
   * Sets many entries in one {@code HSET}, so one round trip and atomic; an empty map is a no-op.
   *
   * @param entries the keys and their new values
   * @throws RecallCodecException when any key or value cannot be encoded; nothing is written
   */
  void update(Map<? extends K, ? extends V> entries);

  /**
   * Removes a key.
   *
   * @param key the key to remove
   * @return whether the key had a value
   */
  boolean delete(K key);

  /**
   * Adds {@code delta} to an integer value atomically and returns the result; a missing key counts as 0. Read the
   * value back with a numeric codec such as {@code Codecs.json(Long.class)}.
   *
   * @param key the key whose value to change
   * @param delta the amount to add, which may be negative
   * @return the value after the addition
   * @throws ValueConversionException when the stored value is not an integer; it is left unchanged
   */
  long increment(K key, long delta);

  /**
   * Adds {@code delta} to a decimal value atomically and returns the result; a missing key counts as 0.
   *
   * @param key the key whose value to change
   * @param delta the amount to add, which may be negative
   * @return the value after the addition
   * @throws ValueConversionException when the stored value is not a number; it is left unchanged
   * @throws IllegalArgumentException when {@code delta} is NaN or infinite
   */
  double increment(K key, double delta);

  /** Removes every entry (deletes the hash). */
  void clear();

  /** {@return the same map with {@code CompletableFuture} methods that never block the caller} */
  AsyncRecallMap<K, V> async();
}
