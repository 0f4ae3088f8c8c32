package dev.recall.spi;

/**
 * Receives what a {@link Subscriber} learns about its channels: the messages, when a subscription is confirmed by the
 * server, and when it may have missed messages.
 *
 * <p>Callbacks run on a thread of the subscriber (never the caller's), one at a time for the whole subscriber, so
 * for one channel they arrive in order and never concurrently. A callback that blocks holds up every later one;
 * one that throws is logged and the subscriber carries on. The arrays are the listener's to keep.
 */
public interface SubscriptionListener {

  /**
   * A message published on a channel this subscriber is subscribed to, with its exact bytes.
   *
   * @param channel the channel the message was published on
   * @param payload the message
   */
  void message(byte[] channel, byte[] payload);

  /**
   * The server confirmed the subscription: every message published on the channel from now on is delivered, until
   * {@link #lost} is called for it. Called again after each resubscription that follows a {@code lost}.
   *
   * @param channel the channel now subscribed
   */
  void subscribed(byte[] channel);

  /**
   * Messages on the channel may be missed from now until the next {@link #subscribed} for it: the connection was cut
   * or closed by the server, the server restarted or failed over, the slot of a sharded channel moved, or the
   * connection did not answer a liveness ping in time. The subscriber resubscribes on its own. Called only for a
   * channel whose subscription had been confirmed, once per loss.
   *
   * @param channel the channel whose messages may be missed
   * @param cause what happened, for logging
   */
  void lost(byte[] channel, Throwable cause);
}
