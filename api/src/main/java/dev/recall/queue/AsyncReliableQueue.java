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

  /** Appends an item at the tail. */
  CompletableFuture<Void> put(E item);

  /** Moves the head item to the processing list, waiting up to {@code timeout}; completes empty when none came. */
  CompletableFuture<Optional<Delivery<E>>> get(Duration timeout);

  /** Moves the head item without waiting; fails with {@link dev.recall.QueueEmptyException} when empty. */
  CompletableFuture<Delivery<E>> getNowait();

  /** Removes a delivered item from the processing list; completes with whether it was there. */
  CompletableFuture<Boolean> confirm(Delivery<E> delivery);

  /** Completes with how many items this consumer has not confirmed. */
  CompletableFuture<Long> unconfirmed();

  /** Moves this consumer's unconfirmed items back to the head of the queue; completes with how many. */
  CompletableFuture<Long> requeueUnconfirmed();

  /** Completes with the number of items waiting. */
  CompletableFuture<Long> qsize();
}
