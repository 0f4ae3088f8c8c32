package dev.recall.stream;

import dev.recall.RecallException;
import java.time.Duration;

/**
 * Reads a consumer group's channels and hands each message to its handler, acknowledging it only after the
 * handler returns. Failed messages are retried with backoff and, after the maximum number of deliveries, moved to
 * the channel's dead letters; entries left pending by a consumer that is gone are reclaimed. Delivery is at least
 * once. Handlers run concurrently up to {@link ConsumerConfig#concurrency()}, so messages of one channel are
 * handled in order only with a concurrency of 1.
 *
 * <p>Use either {@link #consumeOnce()} from your own loop or {@link #start()}/{@link #run()}, which read on virtual
 * threads until {@link #stop} or {@link #close()}. Errors never stop the loop: they go to the
 * {@link ErrorHandler} and reading goes on, reconnecting after a lost connection or a server restart.
 * Thread-safe.
 */
public interface Consumer extends AutoCloseable {

  /** {@return the configuration this consumer was created with} */
  ConsumerConfig config();

  /**
   * Handles one batch: creates missing groups, delivers again failed entries whose backoff has passed, reclaims
   * abandoned ones when due, then reads up to {@link ConsumerConfig#batchSize()} new entries per channel
   * (waiting up to the block time) and handles them.
   *
   * @return how many entries were delivered to handlers or dead-lettered; 0 when there was nothing to handle
   * @throws IllegalStateException when the consumer is running in the background or closed
   * @throws RecallException when Redis fails (handler failures are not thrown: they are retried)
   */
  int consumeOnce();

  /**
   * Starts reading in the background, one virtual thread per channel, and returns at once.
   *
   * @throws IllegalStateException when already started or closed
   */
  void start();

  /**
   * Starts reading and blocks until the consumer is stopped or the calling thread is interrupted (which stops
   * it gracefully).
   *
   * @throws IllegalStateException when already started or closed
   */
  void run();

  /** {@return whether background reading, by {@link #start()} or {@link #run()}, is going on} */
  boolean isRunning();

  /**
   * Stops gracefully: no new reads, handlers in flight get until the deadline to finish and those that finish are
   * acknowledged; the rest are interrupted and stay pending, for this or another consumer to reclaim. Idempotent;
   * the consumer cannot be started again.
   *
   * @param deadline how long handlers in flight may take to finish
   * @return whether every handler finished in time
   */
  boolean stop(Duration deadline);

  /**
   * Deletes the entries of this consumer's channels that every consumer group of each stream has acknowledged;
   * see {@link Streams#cleanUp}.
   *
   * @return how many entries were deleted, over all the channels
   * @throws RecallException when Redis fails
   */
  long cleanUp();

  /** Stops with the configured {@link ConsumerConfig#shutdownTimeout()}. */
  @Override
  void close();
}
