package dev.recall.function;

/**
 * Receives each cache event as it happens, for metrics systems such as Micrometer. Called on the caller's thread;
 * implementations must be thread-safe and fast. Every method does nothing by default.
 */
public interface StatsRecorder {

  /** A recorder that ignores every event. */
  StatsRecorder NONE = new StatsRecorder() { };

  /** A call to {@code function} was answered from Redis. */
  default void recordHit(String function) { }

  /** A call to {@code function} missed. */
  default void recordMiss(String function) { }

  /** A value of {@code function} was stored. */
  default void recordStore(String function) { }

  /** Storing a value of {@code function} evicted {@code count} entries. */
  default void recordEvictions(String function, long count) { }

  /** Redis or the codec failed during a call to {@code function}. */
  default void recordError(String function, Throwable error) { }
}
