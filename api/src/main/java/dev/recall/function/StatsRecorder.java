package dev.recall.function;

/**
 * Receives each cache event as it happens, for metrics systems such as Micrometer. Called on the caller's thread;
 * implementations must be thread-safe and fast. Every method does nothing by default. A recorder that throws is
 * ignored for that event: it never breaks the call.
 */
public interface StatsRecorder {

  /** A recorder that ignores every event. */
  StatsRecorder NONE = new StatsRecorder() { };

  /**
   * A call to {@code function} was answered from Redis (near hits are {@link #recordNearHit}).
   *
   * @param function the name of the memoized function
   */
  default void recordHit(String function) { }

  /**
   * A call to {@code function} missed.
   *
   * @param function the name of the memoized function
   */
  default void recordMiss(String function) { }

  /**
   * A value of {@code function} was stored.
   *
   * @param function the name of the memoized function
   */
  default void recordStore(String function) { }

  /**
   * Storing a value of {@code function} evicted {@code count} entries.
   *
   * @param function the name of the memoized function
   * @param count the number of entries evicted, 1 or more
   */
  default void recordEvictions(String function, long count) { }

  /**
   * Redis or the codec failed during a call to {@code function}.
   *
   * @param function the name of the memoized function
   * @param error the failure
   */
  default void recordError(String function, Throwable error) { }

  /**
   * {@code function} computed a value (for a miss or a refresh) in {@code nanos} nanoseconds; {@code success} is
   * false when it threw.
   *
   * @param function the name of the memoized function
   * @param nanos how long the computation took, in nanoseconds
   * @param success whether the computation returned a value
   */
  default void recordLoad(String function, long nanos, boolean success) { }

  /**
   * A call to {@code function} waited {@code nanos} nanoseconds for another caller's computation.
   *
   * @param function the name of the memoized function
   * @param nanos how long the call waited, in nanoseconds
   */
  default void recordStampedeWait(String function, long nanos) { }

  /**
   * Another caller's lease on a value of {@code function} lapsed while this one waited, so this one computed.
   *
   * @param function the name of the memoized function
   */
  default void recordLeaseLapse(String function) { }

  /**
   * An unreadable or foreign entry of {@code function} was removed (also reported as an error).
   *
   * @param function the name of the memoized function
   * @param problem why the entry could not be read
   */
  default void recordCorruptRemoved(String function, Throwable problem) { }

  /**
   * A background refresh of a {@code function} entry ended: {@code success} when it stored a new value, false when
   * the computation failed and the current value stays.
   *
   * @param function the name of the memoized function
   * @param success whether the refresh stored a new value
   */
  default void recordRefresh(String function, boolean success) { }

  /**
   * A call to {@code function} got a stale value, kept past its expiry, because recomputing it failed with
   * {@code error}.
   *
   * @param function the name of the memoized function
   * @param error the failure of the recomputation
   */
  default void recordStaleServed(String function, Throwable error) { }

  /**
   * A call to {@code function} was answered by the near cache in this JVM (not also reported as a hit).
   *
   * @param function the name of the memoized function
   */
  default void recordNearHit(String function) { }
}
