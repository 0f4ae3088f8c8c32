package dev.recall.spi;

import dev.recall.RecallCommandException;
import dev.recall.RecallConnectionException;
import dev.recall.spi.pubsub.PubSubTransport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe transport that sends {@link Command}s to Redis and hands back their raw replies (see {@link Command}
 * for the shape). The engine parses the replies; a driver only moves bytes.
 *
 * <p>Blocking commands ({@link Command#isBlocking()}) must run on a connection of their own, with a read timeout
 * longer than the command's block time, so they never hold up other callers; a batch that contains one runs on
 * such a connection as a whole.
 *
 * <p>Futures may complete on a driver's I/O thread: code chained onto them must not block.
 */
public interface DriverConnection extends AutoCloseable {

  /**
   * Sends one command and waits for its raw reply.
   *
   * @param command the command to send
   * @return the raw reply, in the shape described on {@link Command}; {@code null} for nil
   * @throws RecallCommandException when the server answers with an error
   * @throws RecallConnectionException when the server cannot be reached or does not answer in time
   */
  @Nullable Object send(Command<?> command);

  /**
   * Sends one command without blocking the caller; the future fails with the exceptions {@link #send} throws.
   *
   * @param command the command to send
   * @return a future of the raw reply; {@code null} for nil
   */
  CompletableFuture<@Nullable Object> sendAsync(Command<?> command);

  /**
   * Sends several non-blocking commands in one round trip and returns their raw replies in order; an error reply
   * takes its place in the list as a {@link RecallCommandException} instead of being thrown.
   *
   * @param commands the commands, sent in this order
   * @return the raw replies, one per command in the same order
   * @throws RecallConnectionException when the server cannot be reached or does not answer in time
   */
  List<@Nullable Object> sendBatch(List<? extends Command<?>> commands);

  /**
   * Sends several commands in one round trip without blocking the caller; see {@link #sendBatch}.
   *
   * @param commands the commands, sent in this order
   * @return a future of the raw replies, one per command in the same order
   */
  CompletableFuture<List<@Nullable Object>> sendBatchAsync(List<? extends Command<?>> commands);

  /**
   * Returns a new transport for the pub/sub connections of one {@link Subscriber}, with the config of this
   * connection (TLS, credentials, timeouts): sharded channels on a cluster, plain ones on a single server. The engine
   * that runs the subscriber over it closes it; nothing is opened before {@link PubSubTransport#open}.
   *
   * @return a new, not yet connected pub/sub transport
   * @throws RecallConnectionException when this connection is closed
   */
  PubSubTransport pubSub();

  /**
   * Closes every connection; commands sent afterwards fail with {@link RecallConnectionException}. The transports
   * {@link #pubSub()} returned are closed by their subscribers, which the client closes first.
   */
  @Override
  void close();
}
