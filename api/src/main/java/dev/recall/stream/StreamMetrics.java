package dev.recall.stream;

import java.time.Duration;
import java.util.List;

/**
 * Hooks a consumer calls as it works, for counters and timers; every method does nothing by default. Called from
 * the consumer's threads, concurrently: implementations must be thread-safe and fast, and must not throw.
 */
public interface StreamMetrics {

  /** Metrics that record nothing. */
  StreamMetrics NONE = new StreamMetrics() {};

  /** {@code count} entries were delivered to this consumer (read new, retried or reclaimed). */
  default void delivered(String channel, String group, int count) {}

  /**
   * These entries were acknowledged after their handlers returned; called once the server confirmed the
   * acknowledgement, so an entry named here is never delivered to the group again.
   */
  default void acknowledged(String channel, String group, List<String> entryIds) {}

  /** A failed entry was delivered again. */
  default void retried(String channel, String group, String entryId) {}

  /** An entry was moved to the dead letters. */
  default void deadLettered(String channel, String group, String entryId) {}

  /** {@code count} entries abandoned by other consumers were claimed by this one. */
  default void reclaimed(String channel, String group, int count) {}

  /** A handler ran for this long and returned normally ({@code success}) or threw. */
  default void handlerLatency(String channel, String group, String messageName, Duration latency, boolean success) {}
}
