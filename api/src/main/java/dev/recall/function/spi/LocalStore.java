package dev.recall.function.spi;

import org.jspecify.annotations.Nullable;

/**
 * A bounded in-memory map from key to value with a deadline per entry: the storage of a near cache, which the engine
 * keeps correct (it decides what to put, when, and what to drop). Implementations must be thread-safe, and each
 * operation on one key linearizable, as the engine relies on the order of its own puts and invalidations.
 */
public interface LocalStore {

  /**
   * {@return the value held for {@code key}, or {@code null} when there is none or its deadline has passed}
   *
   * @param key the entry's key
   */
  @Nullable Object get(String key);

  /**
   * Holds {@code value} for {@code key} until {@code deadlineNanos} (on {@link System#nanoTime()}'s clock),
   * replacing what was held; may evict other entries to stay within the store's size.
   *
   * @param key the entry's key
   * @param value the value to hold
   * @param deadlineNanos the {@link System#nanoTime()} reading after which the entry is no longer returned
   */
  void put(String key, Object value, long deadlineNanos);

  /**
   * Drops the entry of {@code key}, if any.
   *
   * @param key the entry's key
   */
  void invalidate(String key);

  /** Drops every entry. */
  void invalidateAll();

  /** {@return about how many entries are held} */
  long estimatedSize();
}
