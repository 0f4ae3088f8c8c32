package dev.recall.queue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The non-blocking view of a {@link ReliableQueue}: the same operations as futures that fail with the exceptions the
 * blocking forms throw. Futures may complete on a driver's I/O thread.
 *
 * @param <E> the item type
 */
public interface AsyncReliableQueue<E> {

  /**
   * Appends an item at the tail.
   *
   * @param item the item to append
   * @return a future that completes once the item is in the queue
   */
  CompletableFuture<Void> put(E item);

  /**
   * Moves the head item to the processing list, waiting up to {@code timeout}; completes empty when none came.
   *
   * @param timeout the longest wait for an item; at least 1 ms
   * @return a future of the delivery to confirm, or empty
   * @throws IllegalArgumentException when the timeout is under 1 ms
   */
  CompletableFuture<Optional<Delivery<E>>> get(Duration timeout);

  /**
   * Moves the head item without waiting; fails with {@link dev.recall.QueueEmptyException} when empty.
   *
   * @return a future of the delivery to confirm
   */
  CompletableFuture<Delivery<E>> getNowait();

  /**
   * Removes a delivered item from the processing list; completes with whether it was there.
   *
   * @param delivery the item as {@link #get} or {@link #getNowait} delivered it
   * @return a future of {@code false} when the item was not there (already confirmed)
   */
  CompletableFuture<Boolean> confirm(Delivery<E> delivery);

  /** {@return a future of how many items this consumer took and has not confirmed} */
  CompletableFuture<Long> unconfirmed();

  /**
   * Moves this consumer's unconfirmed items back to the head of the queue.
   *
   * @return a future of how many items were moved
   */
  CompletableFuture<Long> requeueUnconfirmed();

  /** {@return a future of the number of items waiting, not counting unconfirmed ones} */
  CompletableFuture<Long> qsize();
}
