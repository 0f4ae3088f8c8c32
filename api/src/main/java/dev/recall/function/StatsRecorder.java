package dev.recall.function;

/**
 * Receives each cache event as it happens, for metrics systems such as Micrometer. Called on the caller's thread;
 * implementations must be thread-safe and fast. Every method does nothing by default. A recorder that throws is
 * ignored for that event: it never breaks the call.
 */
public interface StatsRecorder {

  /** A recorder that ignores every event. */
  StatsRecorder NONE = new StatsRecorder() { };

  /** A call to {@code function} was answered from Redis (near hits are {@link #recordNearHit}). */
  default void recordHit(String function) { }

  /** A call to {@code function} missed. */
  default void recordMiss(String function) { }

  /** A value of {@code function} was stored. */
  default void recordStore(String function) { }

  /** Storing a value of {@code function} evicted {@code count} entries. */
  default void recordEvictions(String function, long count) { }

  /** Redis or the codec failed during a call to {@code function}. */
  default void recordError(String function, Throwable error) { }

  /**
   * {@code function} computed a value (for a miss or a refresh) in {@code nanos} nanoseconds; {@code success} is
   * false when it threw.
   */
  default void recordLoad(String function, long nanos, boolean success) { }

  /** A call to {@code function} waited {@code nanos} nanoseconds for another caller's computation. */
  default void recordStampedeWait(String function, long nanos) { }

  /** Another caller's lease on a value of {@code function} lapsed while this one waited, so this one computed. */
  default void recordLeaseLapse(String function) { }

  /** An unreadable or foreign entry of {@code function} was removed (also reported as an error). */
  default void recordCorruptRemoved(String function, Throwable problem) { }

  /**
   * A background refresh of a {@code function} entry ended: {@code success} when it stored a new value, false when
   * the computation failed and the current value stays.
   */
  default void recordRefresh(String function, boolean success) { }

  /** A call to {@code function} got a stale value, kept past its expiry, because recomputing it failed with {@code error}. */
  default void recordStaleServed(String function, Throwable error) { }

  /** A call to {@code function} was answered by the near cache in this JVM (not also reported as a hit). */
  default void recordNearHit(String function) { }
}
