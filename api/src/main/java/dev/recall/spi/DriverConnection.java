package dev.recall.spi;

import dev.recall.RecallCommandException;
import dev.recall.RecallConnectionException;
import java.time.Duration;
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
   * @throws RecallCommandException when the server answers with an error
   * @throws RecallConnectionException when the server cannot be reached or does not answer in time
   */
  @Nullable Object send(Command<?> command);

  /**
   * Sends one command without blocking the caller; the future fails with the exceptions {@link #send} throws.
   */
  CompletableFuture<@Nullable Object> sendAsync(Command<?> command);

  /**
   * Sends several non-blocking commands in one round trip and returns their raw replies in order; an error reply
   * takes its place in the list as a {@link RecallCommandException} instead of being thrown.
   *
   * @throws RecallConnectionException when the server cannot be reached or does not answer in time
   */
  List<@Nullable Object> sendBatch(List<? extends Command<?>> commands);

  /** Sends several commands in one round trip without blocking the caller; see {@link #sendBatch}. */
  CompletableFuture<List<@Nullable Object>> sendBatchAsync(List<? extends Command<?>> commands);

  /**
   * Opens a pub/sub {@link Subscriber} on connections of its own, with the config of this connection (TLS,
   * credentials, timeouts): sharded channels on a cluster, plain ones on a single server. It stays open until its own
   * {@link Subscriber#close()}, or this connection's {@link #close()}.
   *
   * @param pingInterval how often each subscriber connection is pinged; one not answering within another interval
   *     is treated as dead (see {@link Subscriber} for the bound)
   * @throws IllegalArgumentException when {@code pingInterval} is under 10 ms
   * @throws NullPointerException when an argument is null
   * @throws RecallConnectionException when this connection is closed
   */
  Subscriber subscriber(SubscriptionListener listener, Duration pingInterval);

  /**
   * Closes every connection, subscribers' included; commands sent afterwards fail with
   * {@link RecallConnectionException}.
   */
  @Override
  void close();
}
