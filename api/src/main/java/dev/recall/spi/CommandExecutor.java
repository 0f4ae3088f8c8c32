package dev.recall.spi;

import dev.recall.RecallCommandException;
import dev.recall.RecallConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@link Command}s through the client's driver and parses their replies: the one path every Recall feature
 * and extension module takes to Redis. Scripts the server has lost are reloaded transparently, and any stray driver
 * exception becomes a {@link RecallConnectionException}. Thread-safe.
 */
public interface CommandExecutor {

  /** {@return the name of the driver underneath, such as {@code lettuce}} */
  String driverName();

  /**
   * Runs one command and returns its parsed reply.
   *
   * @param <T> the type of the parsed reply
   * @param command the command to run
   * @return the reply as the command's parser turned it
   * @throws RecallCommandException when the server answers with an error
   * @throws RecallConnectionException when the server cannot be reached or does not answer in time
   */
  <T> T execute(Command<T> command);

  /**
   * Runs one command without blocking; the future fails with the exceptions {@link #execute} throws.
   *
   * @param <T> the type of the parsed reply
   * @param command the command to run
   * @return a future of the reply as the command's parser turned it
   */
  <T> CompletableFuture<T> executeAsync(Command<T> command);

  /**
   * Runs several non-blocking commands in one round trip and returns their parsed replies in order. Scripts the
   * server has lost are reloaded and rerun in their order, after the rest of the batch has run; a batch whose
   * commands depend on a script's effect should put the script last or run it alone.
   *
   * @param commands the commands, sent in this order
   * @return the parsed replies, one per command in the same order
   * @throws RecallCommandException for the first command the server rejected, after all have run
   * @throws RecallConnectionException when the server cannot be reached or does not answer in time
   */
  List<@Nullable Object> executeBatch(List<? extends Command<?>> commands);

  /**
   * Runs several commands in one round trip without blocking; see {@link #executeBatch}. The future may complete
   * on a driver's I/O thread: do not block in its callbacks.
   *
   * @param commands the commands, sent in this order
   * @return a future of the parsed replies, one per command in the same order
   */
  CompletableFuture<List<@Nullable Object>> executeBatchAsync(List<? extends Command<?>> commands);

  /**
   * Opens a pub/sub {@link Subscriber} through the driver, on connections of its own: sharded channels on a cluster
   * ({@link Subscriber#sharded()}), plain ones on a single server. Closed with the client, or by its own
   * {@link Subscriber#close()}.
   *
   * @param listener receives the messages and subscription events, on a thread of the subscriber
   * @param pingInterval how often each subscriber connection is pinged; a silently dead one is noticed within two
   *     intervals
   * @return a subscriber with no channel yet
   * @throws IllegalArgumentException when {@code pingInterval} is under 10 ms
   * @throws NullPointerException when an argument is null
   * @throws RecallConnectionException when the client is closed
   */
  Subscriber subscriber(SubscriptionListener listener, Duration pingInterval);

  /**
   * Returns the client's command timeout, which also bounds how long after its first failure a
   * {@linkplain Command#isResendable() resendable} command is still resent: a request id that makes a command
   * resendable must be honoured for at least twice this.
   *
   * @return the command timeout; two seconds unless the implementation says otherwise
   */
  default Duration commandTimeout() {
    return Duration.ofSeconds(2);
  }
}
