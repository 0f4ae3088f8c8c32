package dev.recall.queue;

import dev.recall.QueueEmptyException;
import java.time.Duration;
import java.util.Optional;

/**
 * A FIFO queue whose consumers cannot lose items: taking an item moves it atomically ({@code LMOVE}/{@code BLMOVE})
 * from the queue to this consumer's processing list {@code <name>:processing:<consumer>}, where it stays until
 * {@link #confirm confirmed}. When a consumer dies mid-item, its items are still in its processing list;
 * {@link #requeueUnconfirmed()} (the same consumer, restarted) or {@link #requeueUnconfirmed(String)} (any other
 * process, for a consumer known to be dead) puts them back at the head of the queue. Producers and plain
 * {@link RecallQueue}s of the same name share the queue. On a Redis Cluster the lists are {@code {<name>}} and
 * {@code {<name>}:processing:<consumer>} (one hash tag, so one slot; plain queues use {@code {<name>}} there too).
 * Thread-safe, but each consumer name should belong to one
 * consumer at a time, since requeueing takes back all of that consumer's unconfirmed items.
 *
 * @param <E> the item type
 */
public interface ReliableQueue<E> {

  /** {@return the queue's name, the key of the Redis list} */
  String name();

  /** {@return this consumer's name, part of its processing list's key} */
  String consumer();

  /**
   * Appends an item at the tail.
   *
   * @param item the item to append
   * @throws dev.recall.RecallCodecException when the item cannot be encoded; nothing is written
   */
  void put(E item);

  /**
   * Moves the head item to this consumer's processing list, waiting up to {@code timeout} (at least 1 ms); empty when
   * none came.
   *
   * @param timeout the longest wait for an item
   * @return the delivery to {@link #confirm}, or empty
   * @throws IllegalArgumentException when the timeout is under 1 ms
   */
  Optional<Delivery<E>> get(Duration timeout);

  /**
   * Moves the head item to this consumer's processing list without waiting.
   *
   * @return the delivery to {@link #confirm}
   * @throws QueueEmptyException when the queue is empty
   */
  Delivery<E> getNowait();

  /**
   * Removes a delivered item from the processing list.
   *
   * @param delivery the item as {@link #get} or {@link #getNowait} delivered it
   * @return {@code false} when it was not there (already confirmed)
   */
  boolean confirm(Delivery<E> delivery);

  /** {@return how many items this consumer took and has not confirmed} */
  long unconfirmed();

  /**
   * Moves this consumer's unconfirmed items back to the head of the queue, oldest first.
   *
   * @return how many items were moved
   */
  long requeueUnconfirmed();

  /**
   * Moves another consumer's unconfirmed items back to the head of the queue; call it only for a consumer known to
   * be dead, or its items will be processed twice. Each item moves atomically, so none is lost if this fails.
   *
   * @param consumer the dead consumer's name
   * @return how many items were moved
   * @throws IllegalArgumentException when the consumer name is blank
   */
  long requeueUnconfirmed(String consumer);

  /** {@return the number of items waiting (not counting unconfirmed ones)} */
  long qsize();

  /** {@return whether no item is waiting} */
  default boolean empty() {
    return qsize() == 0;
  }

  /** {@return the same queue with {@code CompletableFuture} methods} */
  AsyncReliableQueue<E> async();
}
