package dev.recall.stream;

import dev.recall.RecallException;
import java.util.List;

/**
 * Redis Streams for a client: senders, consumers and channel administration. Each channel is a stream keyed
 * {@code recall:stream:{<channel>}}, with its dead letters in {@code recall:stream:{<channel>}:dead} (the same hash
 * slot). Thread-safe; obtained from {@link dev.recall.RecallClient#streams()}.
 */
public interface Streams {

  /** {@return a sender that sends to any channel, creating it on first send, without trimming} */
  Sender sender();

  /**
   * Returns a sender with the given registered channels, trims and policy.
   *
   * @param config the channels, trims and policy
   * @return a new sender
   */
  Sender sender(SenderConfig config);

  /**
   * Returns a consumer; nothing is read until {@link Consumer#consumeOnce()} or {@link Consumer#start()}.
   *
   * @param config the group, handlers and reading knobs
   * @return a new consumer, not yet started
   * @throws IllegalArgumentException when the configuration has no handler
   */
  Consumer consumer(ConsumerConfig config);

  /**
   * Deletes the channel's entries that every consumer group of its stream has acknowledged, never one some group
   * has not read yet or still has pending; with no group, deletes nothing. Runs atomically in pages of 1,000
   * entries, so it is safe while consumers run.
   *
   * @param channel the channel name
   * @return how many entries were deleted
   * @throws IllegalArgumentException when the channel name is invalid
   * @throws RecallException when Redis fails
   */
  long cleanUp(String channel);

  /**
   * Returns up to {@code limit} dead letters of the channel, oldest first.
   *
   * @param channel the channel name
   * @param limit the most dead letters to return; positive
   * @return the dead letters, empty when there are none
   * @throws IllegalArgumentException when the channel name is invalid or the limit is not positive
   */
  List<DeadLetter> deadLetters(String channel, int limit);

  /**
   * Returns the number of entries in the channel's stream (0 when it does not exist).
   *
   * @param channel the channel name
   * @return the stream's length, dead letters not counted
   * @throws IllegalArgumentException when the channel name is invalid
   */
  long length(String channel);

  /**
   * Returns the number of dead letters of the channel.
   *
   * @param channel the channel name
   * @return the length of the dead-letter stream, 0 when there is none
   * @throws IllegalArgumentException when the channel name is invalid
   */
  long deadLetterCount(String channel);

  /**
   * Returns how many entries the group has delivered but not acknowledged (0 when the group does not exist).
   *
   * @param channel the channel name
   * @param group the consumer group name
   * @return the number of pending entries
   * @throws IllegalArgumentException when the channel or group name is invalid
   */
  long pending(String channel, String group);
}
