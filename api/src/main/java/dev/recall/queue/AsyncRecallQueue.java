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

  /** Appends an item at the tail. */
  CompletableFuture<Void> put(E item);

  /** Takes the head item, waiting up to {@code timeout}; completes empty when none came. */
  CompletableFuture<Optional<E>> get(Duration timeout);

  /** Takes the head item without waiting; fails with {@link dev.recall.QueueEmptyException} when empty. */
  CompletableFuture<E> getNowait();

  /** Completes with the number of items waiting. */
  CompletableFuture<Long> qsize();

  /** Completes with whether no item is waiting. */
  CompletableFuture<Boolean> empty();
}
