package dev.recall.stream;

import dev.recall.RecallCodecException;
import dev.recall.RecallException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Adds messages to channels, each channel a Redis stream. Bodies are encoded as JSON before anything is sent, so
 * a message that cannot be encoded fails with a {@link RecallCodecException} and writes nothing. Each send carries a
 * random request id that Redis applies once, so a send whose connection is cut before the reply is resent within
 * the command timeout and neither lost nor appended twice (the id lives in a key of its own, {@code
 * recall:stream:{<channel>}:req:<id>}, for twice the command timeout and 2 s). Thread-safe.
 */
public interface Sender {

  /**
   * Sends one message, trimmed as the channel was registered with, and returns its entry id.
   *
   * @param channel the channel name
   * @param message the message; its id, if any, is ignored
   * @return the new entry's id, such as {@code 1700000000000-0}
   * @throws RecallCodecException when the body cannot be encoded (nothing is written)
   * @throws IllegalArgumentException when the channel name is invalid, or not registered and the sender only
   *     sends to registered channels
   * @throws RecallException when Redis fails
   */
  String send(String channel, Message<?> message);

  /**
   * Sends one message with the given trim (overriding the channel's), or none when {@code trim} is {@code null}.
   *
   * @param channel the channel name
   * @param message the message; its id, if any, is ignored
   * @param trim how to trim the stream on this send, or {@code null} for no trimming
   * @return the new entry's id
   * @throws RecallCodecException when the body cannot be encoded (nothing is written)
   * @throws IllegalArgumentException as for {@link #send(String, Message)}
   */
  String send(String channel, Message<?> message, @Nullable Trim trim);

  /**
   * Sends several messages, in order, and returns their ids in the same order: one round trip per 1,000 messages,
   * each of which appends all its messages or none, once (a connection cut before the reply is resent within the
   * command timeout without appending twice). Every body is encoded first, so one bad body writes nothing; a
   * failure after the first thousand may leave the earlier thousands sent.
   *
   * @param channel the channel name
   * @param messages the messages, in the order to add them
   * @return the new entries' ids, one per message
   * @throws RecallCodecException when a body cannot be encoded; the message names its index
   * @throws IllegalArgumentException as for {@link #send(String, Message)}
   */
  List<String> sendAll(String channel, List<? extends Message<?>> messages);

  /**
   * Sends one message without blocking. Encoding and argument errors are thrown here, before anything is sent;
   * Redis failures complete the future exceptionally.
   *
   * @param channel the channel name
   * @param message the message; its id, if any, is ignored
   * @return a future of the new entry's id
   * @throws RecallCodecException when the body cannot be encoded
   * @throws IllegalArgumentException as for {@link #send(String, Message)}
   */
  CompletableFuture<String> sendAsync(String channel, Message<?> message);

  /**
   * Sends several messages in one round trip without blocking; see {@link #sendAll}.
   *
   * @param channel the channel name
   * @param messages the messages, in the order to add them
   * @return a future of the new entries' ids, one per message
   * @throws RecallCodecException when a body cannot be encoded
   * @throws IllegalArgumentException as for {@link #send(String, Message)}
   */
  CompletableFuture<List<String>> sendAllAsync(String channel, List<? extends Message<?>> messages);

  /** {@return the configuration this sender was built with} */
  SenderConfig config();
}
