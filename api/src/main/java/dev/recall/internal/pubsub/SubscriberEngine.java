package dev.recall.internal.pubsub;

import dev.recall.internal.ByteKey;
import dev.recall.RecallTimeoutException;
import dev.recall.RedisNode;
import dev.recall.spi.Subscriber;
import dev.recall.spi.SubscriptionListener;
import dev.recall.spi.pubsub.PubSubTransport;
import dev.recall.spi.pubsub.SlotOwners;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Subscriber} of both drivers, over the pub/sub connections a {@link PubSubTransport} opens: one
 * connection per node that owns a subscribed channel (the one server, or the master of the channel's slot).
 *
 * <p>All state lives on one platform daemon thread, the loop: the driver's reports are queued onto it, so the
 * listener's callbacks run there one at a time, in the order the connections reported. A subscription is confirmed
 * to the listener only on the server's own {@code (s)subscribe} reply on the connection it is served by now; when
 * that connection fails, stops answering pings, or the server ends the subscription (a sharded slot moved away), the
 * listener hears {@code lost} first, then the channel is subscribed again after a backoff (0, 10, 20, ... ms, at most
 * 1 s), on a cluster after reading the topology again (a {@code MOVED} reply is followed at once).
 */
final class SubscriberEngine implements Subscriber {
  private static final System.Logger LOG = System.getLogger("dev.recall.pubsub");
  private static final long MIN_PING_MILLIS = 10;
  private static final long FIRST_RETRY_MILLIS = 10;
  private static final long MAX_RETRY_MILLIS = 1000;
  private static final AtomicInteger IDS = new AtomicInteger();

  private final PubSubTransport transport;
  private final SubscriptionListener listener;
  private final long pingMillis;
  private final Consumer<? super SubscriberEngine> whenClosed;
  private final ScheduledThreadPoolExecutor loop;
  private final Thread loopThread;
  // What the user asked for, read when a callback is about to start: after unsubscribe() returns, none does.
  private final Set<ByteKey> wanted = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean closed;

  // Confined to the loop thread.
  private final Map<ByteKey, Channel> channels = new HashMap<>();
  private final Map<RedisNode, Link> links = new HashMap<>();
  private final ClusterTopology topology;

  private SubscriberEngine(PubSubTransport transport, SubscriptionListener listener, long pingMillis, String driver,
      Consumer<? super SubscriberEngine> whenClosed) {
    this.transport = transport;
    this.listener = listener;
    this.pingMillis = pingMillis;
    this.whenClosed = whenClosed;
    this.topology = new ClusterTopology(transport, this, this::topologyRead);
    Thread[] thread = new Thread[1];
    String name = "recall-subscriber-" + driver + "-" + IDS.incrementAndGet();
    this.loop = new ScheduledThreadPoolExecutor(1, task -> {
      if (thread[0] != null) {
        throw new RejectedExecutionException("the subscriber's one thread is already running");
      }
      thread[0] = Thread.ofPlatform().daemon().name(name).unstarted(task);
      return thread[0];
    });
    loop.setRemoveOnCancelPolicy(true);
    loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    loop.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    loop.prestartCoreThread();
    this.loopThread = Objects.requireNonNull(thread[0]);
  }

  /**
   * Checks the arguments of {@code subscriber(listener, pingInterval)}, before a transport is opened for it.
   *
   * @throws IllegalArgumentException when {@code pingInterval} is under 10 ms
   * @throws NullPointerException when an argument is null
   */
  static void check(SubscriptionListener listener, Duration pingInterval) {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(pingInterval, "pingInterval");
    if (pingInterval.compareTo(Duration.ofMillis(MIN_PING_MILLIS)) < 0) {
      throw new IllegalArgumentException(
          "pingInterval must be at least " + MIN_PING_MILLIS + " ms, got " + pingInterval);
    }
  }

  /**
   * Starts a subscriber over the transport, with no channel yet; the transport is closed with it.
   *
   * @param driver the driver's name, for the thread's name
   * @param whenClosed run once the subscriber is closed (its {@link Subscribers} forgets it then)
   * @throws IllegalArgumentException when {@code pingInterval} is under 10 ms
   * @throws NullPointerException when an argument is null
   */
  static SubscriberEngine start(PubSubTransport transport, SubscriptionListener listener,
      Duration pingInterval, String driver, Consumer<? super SubscriberEngine> whenClosed) {
    check(listener, pingInterval);
    SubscriberEngine engine = new SubscriberEngine(Objects.requireNonNull(transport, "transport"), listener,
        pingInterval.toMillis(), driver, whenClosed);
    engine.loop.scheduleAtFixedRate(engine::pingAll, engine.pingMillis, engine.pingMillis, TimeUnit.MILLISECONDS);
    return engine;
  }

  @Override
  public void subscribe(byte[] channel) {
    Objects.requireNonNull(channel, "channel");
    if (closed) {
      throw new IllegalStateException("the subscriber is closed; cannot subscribe to " + new ByteKey(channel));
    }
    ByteKey key = ByteKey.copyOf(channel);
    if (wanted.add(key)) {
      post(() -> add(key));
    }
  }

  @Override
  public void unsubscribe(byte[] channel) {
    Objects.requireNonNull(channel, "channel");
    ByteKey key = ByteKey.copyOf(channel);
    if (wanted.remove(key)) {
      post(() -> drop(key));
    }
  }

  @Override
  public boolean sharded() {
    return transport.cluster();
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closed = true;
    wanted.clear();
    long deadline = System.nanoTime() + CLOSE_BOUND.toNanos();
    if (Thread.currentThread() == loopThread) {
      // Called from a callback: the loop cannot wait for itself, so it ends once this task returns.
      shutDown(deadline);
      loop.shutdown();
      return;
    }
    try {
      loop.execute(() -> shutDown(deadline));
    } catch (RejectedExecutionException e) {
      // Already shut down.
    }
    loop.shutdown();
    try {
      if (!loop.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        // A callback is still running (or blocked): interrupt it, and close the connections from here.
        loop.shutdownNow();
        LOG.log(System.Logger.Level.WARNING, "the subscriber's listener did not return within " + CLOSE_BOUND
            + "; its connections are closed anyway");
        transport.close(1000);
        whenClosed.accept(this);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      loop.shutdownNow();
    }
  }

  // Everything below runs on the loop thread.

  private void shutDown(long deadline) {
    for (Link link : new ArrayList<>(links.values())) {
      if (link.connected) {
        for (Channel channel : link.channels) {
          try {
            link.wire.unsubscribe(channel.key.bytes());
          } catch (RuntimeException e) {
            break; // the connection is closed next anyway
          }
        }
      }
      link.drop();
    }
    links.clear();
    channels.clear();
    try {
      transport.close(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing the subscriber's connections failed", e);
    }
    whenClosed.accept(this);
  }

  private void add(ByteKey key) {
    if (closed || channels.containsKey(key)) {
      return;
    }
    Channel channel = new Channel(key);
    channels.put(key, channel);
    if (transport.cluster() && !topology.known()) {
      topology.read(); // assigns the channel when read
    } else {
      assign(channel);
    }
  }

  private void drop(ByteKey key) {
    Channel channel = channels.remove(key);
    if (channel == null) {
      return;
    }
    channel.cancelRetry();
    Link link = channel.link;
    channel.detach();
    if (link == null) {
      return;
    }
    if (link.channels.isEmpty()) {
      // Nothing else is served by this connection: closing it ends the subscription as surely as UNSUBSCRIBE.
      link.drop();
      return;
    }
    if (link.connected) {
      link.unsubscribing.merge(key, 1, Integer::sum);
      link.send(() -> link.wire.unsubscribe(key.bytes()));
    }
  }

  /** Puts a channel on the connection of the node that serves it, opening that connection when there is none. */
  private void assign(Channel channel) {
    RedisNode node;
    if (transport.cluster()) {
      node = topology.owner(channel.slot);
    } else {
      node = transport.server();
    }
    if (node == null) {
      channel.needsTopology = true; // no master owns the slot yet: a failover is under way
      retryLater(channel);
      return;
    }
    Link link = links.get(node);
    if (link == null) {
      link = new Link(node, this);
      links.put(node, link);
      link.open();
    }
    link.channels.add(channel);
    channel.link = link;
    if (link.connected) {
      Link on = link;
      link.send(() -> on.wire.subscribe(channel.key.bytes()));
    }
  }

  /** Assigns the channel again after the backoff; on a cluster after reading the topology when it is due. */
  void retryLater(Channel channel) {
    channel.cancelRetry();
    long delay = channel.attempts == 0 ? 0 : Math.min(MAX_RETRY_MILLIS,
        FIRST_RETRY_MILLIS << Math.min(channel.attempts - 1, 20));
    channel.attempts++;
    channel.retry = schedule(() -> retry(channel), delay);
  }

  private void retry(Channel channel) {
    channel.retry = null;
    if (closed || channels.get(channel.key) != channel || channel.link != null) {
      return;
    }
    if (transport.cluster() && (!topology.known() || channel.needsTopology)) {
      topology.read();
    } else {
      assign(channel);
    }
  }

  /** Assigns every channel that waits for the topology, once it was read. */
  private void topologyRead(SlotOwners read) {
    for (Channel channel : new ArrayList<>(channels.values())) {
      if (channel.link == null && channel.retry == null) {
        channel.needsTopology = false;
        assign(channel);
      }
    }
  }

  private void pingAll() {
    try {
      pingEach();
    } catch (RuntimeException e) {
      // An exception would cancel the periodic task, and with it the liveness checks.
      LOG.log(System.Logger.Level.WARNING, "the subscriber's ping round failed", e);
    }
  }

  private void pingEach() {
    for (Link link : new ArrayList<>(links.values())) {
      if (!link.connected) {
        continue;
      }
      if (link.pingOutstanding) {
        link.fail(new RecallTimeoutException("Redis at " + link.node + " did not answer PING within " + pingMillis
            + " ms on a subscriber connection; it is treated as dead", null));
      } else {
        link.pingOutstanding = true;
        link.send(link.wire::ping);
      }
    }
  }

  /** Tells the listener that a confirmed channel is lost (unless it was unsubscribed meanwhile). */
  void lost(Channel channel, Throwable cause) {
    deliver(channel.key, "lost", () -> listener.lost(channel.key.bytes().clone(), cause));
  }

  /** Tells the listener that the server confirmed a channel. */
  void subscribed(Channel channel, byte[] name) {
    deliver(channel.key, "subscribed", () -> listener.subscribed(name.clone()));
  }

  /** Hands a message on a confirmed channel to the listener. */
  void message(Channel channel, byte[] name, byte[] payload) {
    deliver(channel.key, "message", () -> listener.message(name, payload));
  }

  /** Returns the channel subscribed under this name, or null. */
  @Nullable Channel channel(ByteKey key) {
    return channels.get(key);
  }

  /** Forgets a link that was dropped, so the next channel for its node opens a new one. */
  void forget(Link link) {
    links.remove(link.node, link);
  }

  PubSubTransport transport() {
    return transport;
  }

  ClusterTopology topology() {
    return topology;
  }

  private void deliver(ByteKey key, String what, Runnable callback) {
    if (closed || !wanted.contains(key)) {
      return;
    }
    try {
      callback.run();
    } catch (RuntimeException | LinkageError | AssertionError e) {
      LOG.log(System.Logger.Level.WARNING, "a subscription listener threw on " + what + " for channel " + key, e);
    }
  }

  /** Runs work on the loop thread after a delay; null (and nothing runs) once the subscriber is closed. */
  @Nullable ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
    if (closed) {
      return null;
    }
    try {
      return loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  /** Queues work for the loop thread; dropped once the subscriber is closed. */
  void post(Runnable task) {
    if (closed) {
      return;
    }
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }

  /** Names the subscriber's thread, for messages. */
  @Override
  public String toString() {
    return "Subscriber[" + loopThread.getName() + (closed ? ", closed" : "") + "]";
  }
}
