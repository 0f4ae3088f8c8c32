package dev.recall.spi.pubsub;

import dev.recall.internal.pubsub.SubscriberEngine;
import dev.recall.spi.Subscriber;
import dev.recall.spi.SubscriptionListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The subscribers a driver connection opened, so that closing the connection closes them too. Thread-safe.
 */
public final class Subscribers {
  private final String driver;
  private final Set<SubscriberEngine> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Keeps the subscribers of one connection of the named driver. */
  public Subscribers(String driver) {
    this.driver = driver;
  }

  /**
   * Checks the arguments, then starts a subscriber on a transport from {@code transport}.
   *
   * @param whenClosed the failure to throw when the connection is closed
   * @throws IllegalArgumentException when {@code pingInterval} is under 10 ms
   * @throws NullPointerException when an argument is null
   */
  public Subscriber open(Supplier<PubSubTransport> transport, SubscriptionListener listener, Duration pingInterval,
      Supplier<? extends RuntimeException> whenClosed) {
    SubscriberEngine.check(listener, pingInterval);
    if (closed) {
      throw whenClosed.get();
    }
    SubscriberEngine engine = SubscriberEngine.start(transport.get(), listener, pingInterval, driver, open::remove);
    open.add(engine);
    if (closed) { // closeAll() ran meanwhile and may have missed it
      engine.close();
      throw whenClosed.get();
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
}
