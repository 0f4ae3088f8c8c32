package dev.recall.queue;

import dev.recall.QueueEmptyException;
import dev.recall.RecallConnectionException;
import java.time.Duration;
import java.util.Optional;

/**
 * A FIFO queue over one Redis list (the key is the queue's name), like Python's {@code queue.SimpleQueue}: items are
 * appended at the tail and taken from the head, each by exactly one consumer, however many producers and consumers
 * share it across threads and processes. Blocking takes wait on the server ({@code BLPOP}) on a connection of their
 * own, so they never stall other callers, and they work from virtual threads. Thread-safe.
 *
 * @param <E> the item type, encoded by the queue's codec
 */
public interface RecallQueue<E> {

  /** {@return the queue's name, which is also the key of the Redis list} */
  String name();

  /**
   * Appends an item at the tail.
   *
   * @param item the item to append
   * @throws dev.recall.RecallCodecException when the item cannot be encoded; nothing is written
   * @throws RecallConnectionException when Redis cannot be reached
   */
  void put(E item);

  /**
   * Takes the head item, waiting as long as it takes for one. The wait is made of server-side blocking pops of a
   * few seconds each, and checks the thread's interrupt flag between them.
   *
   * @return the item
   * @throws RecallConnectionException when Redis cannot be reached, or when the thread is interrupted (its flag
   *     stays set)
   */
  E get();

  /**
   * Takes the head item, waiting up to {@code timeout} (at least 1 ms) for one; empty when none came.
   *
   * @param timeout the longest wait for an item
   * @return the item, or empty
   * @throws IllegalArgumentException when the timeout is under 1 ms
   */
  Optional<E> get(Duration timeout);

  /**
   * Takes the head item without waiting.
   *
   * @return the item
   * @throws QueueEmptyException when the queue is empty
   */
  E getNowait();

  /** {@return the number of items waiting} */
  long qsize();

  /** {@return whether no item is waiting} */
  default boolean empty() {
    return qsize() == 0;
  }

  /** {@return the same queue with {@code CompletableFuture} methods} */
  AsyncRecallQueue<E> async();
}
