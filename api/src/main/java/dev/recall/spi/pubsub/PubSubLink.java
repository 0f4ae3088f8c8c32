package dev.recall.spi.pubsub;

/**
 * One pub/sub connection to one node, as a driver opens it for the shared subscriber engine: it connects on its own
 * after {@link PubSubTransport#open}, and reports through its {@link LinkEvents}. The engine calls these methods
 * from its one thread, only after {@link LinkEvents#connected()}; they must not wait for the server.
 */
public interface PubSubLink {

  /**
   * Sends {@code SUBSCRIBE channel}, or {@code SSUBSCRIBE channel} for a sharded transport.
   *
   * @param channel the channel name's exact bytes
   */
  void subscribe(byte[] channel);

  /**
   * Sends {@code UNSUBSCRIBE channel}, or {@code SUNSUBSCRIBE channel} for a sharded transport.
   *
   * @param channel the channel name's exact bytes
   */
  void unsubscribe(byte[] channel);

  /** Sends {@code PING}; the reply is reported as {@link LinkEvents#pong()}. */
  void ping();

  /** Closes the connection (also while it is still connecting); no event follows. */
  void close();
}
