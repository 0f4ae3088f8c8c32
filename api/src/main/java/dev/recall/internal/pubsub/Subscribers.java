package dev.recall.internal.pubsub;

import dev.recall.RecallConnectionException;
import dev.recall.spi.Subscriber;
import dev.recall.spi.SubscriptionListener;
import dev.recall.spi.pubsub.PubSubTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The subscribers one client opened over its driver's pub/sub transports, so that closing the client closes them
 * too. Thread-safe.
 */
public final class Subscribers {
  private final String driver;
  private final Set<SubscriberEngine> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Keeps the subscribers of one client of the named driver (the name shows in their threads' names). */
  public Subscribers(String driver) {
    this.driver = driver;
  }

  /**
   * Checks the arguments, then starts a subscriber on a transport from {@code transport}, which the subscriber
   * closes with itself.
   *
   * @throws IllegalArgumentException when {@code pingInterval} is under 10 ms
   * @throws NullPointerException when an argument is null
   * @throws RecallConnectionException when the client is closed, or {@code transport} fails so
   */
  public Subscriber open(Supplier<PubSubTransport> transport, SubscriptionListener listener, Duration pingInterval) {
    SubscriberEngine.check(listener, pingInterval);
    if (closed) {
      throw closed();
    }
    SubscriberEngine engine = SubscriberEngine.start(transport.get(), listener, pingInterval, driver, open::remove);
    open.add(engine);
    if (closed) { // closeAll() ran meanwhile and may have missed it
      engine.close();
      throw closed();
    }
    return engine;
  }

  /** Closes every subscriber, each within its bound; later {@link #open} calls fail. */
  public void closeAll() {
    closed = true;
    for (SubscriberEngine engine : new ArrayList<>(open)) {
      engine.close();
    }
  }

  private RecallConnectionException closed() {
    return new RecallConnectionException("the Recall client (" + driver + ") is closed; cannot subscribe", null);
  }
}
