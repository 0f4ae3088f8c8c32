package dev.recall.spi.pubsub;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link PubSubLink} reports to the shared subscriber engine, from any thread of the driver; each link has its
 * own, so reports from a link the engine already dropped are recognized and ignored.
 */
public interface LinkEvents {

  /** The connection is open and authenticated; commands may be sent. */
  void connected();

  /**
   * The server confirmed {@code (S)SUBSCRIBE channel}.
   *
   * @param channel the channel subscribed to
   */
  void subscribed(byte[] channel);

  /**
   * The server reported {@code (S)UNSUBSCRIBE channel}: asked for, or unsolicited (a sharded slot moved away).
   *
   * @param channel the channel no longer subscribed to
   */
  void unsubscribed(byte[] channel);

  /**
   * A message on a channel.
   *
   * @param channel the channel the message was published on
   * @param payload the message's exact bytes
   */
  void message(byte[] channel, byte[] payload);

  /** The reply to a {@link PubSubLink#ping()}. */
  void pong();

  /**
   * The server refused a command with an error reply, such as {@code MOVED 1234 host:port} for a sharded channel
   * of a slot the node does not own.
   *
   * @param channel the channel of the refused subscription when the driver knows it, else null
   * @param error the server's error text, such as {@code MOVED 1234 host:port}
   */
  void refused(byte @Nullable [] channel, String error);

  /**
   * The connection failed to open, or was lost or closed by the server.
   *
   * @param cause what happened, for logging
   */
  void closed(Throwable cause);
}
