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

  /**
   * {@code count} entries were delivered to this consumer (read new, retried or reclaimed).
   *
   * @param channel the channel read
   * @param group the consumer group
   * @param count how many entries were delivered; positive
   */
  default void delivered(String channel, String group, int count) {}

  /**
   * These entries were acknowledged after their handlers returned; called once the server confirmed the
   * acknowledgement, so an entry named here is never delivered to the group again.
   *
   * @param channel the channel read
   * @param group the consumer group
   * @param entryIds the ids of the acknowledged entries
   */
  default void acknowledged(String channel, String group, List<String> entryIds) {}

  /**
   * A failed entry was delivered again.
   *
   * @param channel the channel read
   * @param group the consumer group
   * @param entryId the id of the retried entry
   */
  default void retried(String channel, String group, String entryId) {}

  /**
   * An entry was moved to the dead letters.
   *
   * @param channel the channel read
   * @param group the consumer group that gave up on it
   * @param entryId the entry's id in the channel's stream
   */
  default void deadLettered(String channel, String group, String entryId) {}

  /**
   * {@code count} entries abandoned by other consumers were claimed by this one.
   *
   * @param channel the channel read
   * @param group the consumer group
   * @param count how many entries were claimed; positive
   */
  default void reclaimed(String channel, String group, int count) {}

  /**
   * A handler ran for this long and returned normally or threw.
   *
   * @param channel the channel read
   * @param group the consumer group
   * @param messageName the name of the message handled
   * @param latency how long the handler ran
   * @param success {@code true} when the handler returned normally, {@code false} when it threw
   */
  default void handlerLatency(String channel, String group, String messageName, Duration latency, boolean success) {}
}
