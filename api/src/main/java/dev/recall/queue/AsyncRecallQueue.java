package dev.recall.queue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The non-blocking view of a {@link RecallQueue}. A waiting {@link #get(Duration)} holds no thread with Lettuce (the
 * server holds the reply); with Jedis it waits on a virtual thread. Futures may complete on a driver's I/O thread.
 *
 * @param <E> the item type
 */
public interface AsyncRecallQueue<E> {

  /**
   * Appends an item at the tail.
   *
   * @param item the item to append
   * @return a future that completes once the item is in the queue
   */
  CompletableFuture<Void> put(E item);

  /**
   * Takes the head item, waiting up to {@code timeout}; completes empty when none came.
   *
   * @param timeout the longest wait for an item; at least 1 ms
   * @return a future of the item, or empty
   * @throws IllegalArgumentException when the timeout is under 1 ms
   */
  CompletableFuture<Optional<E>> get(Duration timeout);

  /**
   * Takes the head item without waiting; fails with {@link dev.recall.QueueEmptyException} when empty.
   *
   * @return a future of the item
   */
  CompletableFuture<E> getNowait();

  /** {@return a future of the number of items waiting} */
  CompletableFuture<Long> qsize();

  /** {@return a future of whether no item is waiting} */
  CompletableFuture<Boolean> empty();
}
