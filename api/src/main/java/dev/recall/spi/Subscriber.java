package dev.recall.spi;

import java.time.Duration;

/**
 * A subscription to Redis pub/sub channels through a driver, on connections of its own: plain channels
 * ({@code SUBSCRIBE}) on a single server, sharded channels ({@code SSUBSCRIBE}, Redis 7.0 or newer) on a Redis
 * Cluster, each on the connection to the master that owns the channel's slot. Opened with
 * {@link CommandExecutor#subscriber}, over the transport of {@link DriverConnection#pubSub()}; what happens is
 * reported to its {@link SubscriptionListener}.
 *
 * <p>Liveness: every subscriber connection is sent a {@code PING} each ping interval, and a connection that has not
 * answered by the next one is treated as dead. So a connection that stops delivering without being closed (a
 * silently broken network path, a frozen server) is reported through {@link SubscriptionListener#lost} at most
 * <b>two ping intervals</b> after it went silent (plus the time to run the callbacks queued before); a connection
 * that is closed or refused is reported as soon as the driver sees it. Lost subscriptions are renewed automatically,
 * with a backoff from 0 to 1 second between attempts, against the node that owns the channel's slot now (the cluster
 * topology is read again first), until {@link #unsubscribe} or {@link #close}.
 *
 * <p>Thread-safe; every method returns without waiting for the server.
 */
public interface Subscriber extends AutoCloseable {

  /** The longest {@link #close()} waits for connections and threads to end. */
  Duration CLOSE_BOUND = Duration.ofSeconds(5);

  /**
   * Subscribes to a channel; {@link SubscriptionListener#subscribed} follows once the server confirmed it. Does
   * nothing when already subscribed.
   *
   * @param channel the channel name's exact bytes
   * @throws NullPointerException when the channel is null
   * @throws IllegalStateException when the subscriber is closed
   */
  void subscribe(byte[] channel);

  /**
   * Unsubscribes from a channel: no callback for it starts after this returns (until it is subscribed again). Does
   * nothing when not subscribed.
   *
   * @param channel the channel name's exact bytes
   * @throws NullPointerException when the channel is null
   */
  void unsubscribe(byte[] channel);

  /**
   * Returns whether the channels are sharded (on a cluster): publishers must then use {@code SPUBLISH}, otherwise
   * {@code PUBLISH}.
   *
   * @return {@code true} on a Redis Cluster
   */
  boolean sharded();

  /**
   * Unsubscribes from every channel, closes the connections and stops the subscriber's threads, within
   * {@link #CLOSE_BOUND}; no callback starts after it returns. Later calls do nothing.
   */
  @Override
  void close();
}
