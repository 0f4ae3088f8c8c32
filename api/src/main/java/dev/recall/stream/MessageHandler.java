package dev.recall.stream;

/**
 * Handles one message read from a channel. Returning normally acknowledges the entry; throwing leaves it pending,
 * to be retried with backoff and dead-lettered after the consumer's maximum number of deliveries. Delivery is at
 * least once, so a handler should tolerate seeing a message again.
 *
 * @param <T> the body type
 */
@FunctionalInterface
public interface MessageHandler<T> {

  /**
   * Handles the message, whose {@link Message#id()} is set.
   *
   * @param message the message, its body decoded to the handler's type
   * @throws Exception to have the message retried
   */
  void handle(Message<T> message) throws Exception;
}
