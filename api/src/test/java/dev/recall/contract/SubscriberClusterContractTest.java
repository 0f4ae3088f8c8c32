package dev.recall.contract;

import static dev.recall.contract.RecordingListener.bytes;
import static dev.recall.contract.SubscriberContractTest.awaitCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.RecallClient;
import dev.recall.RecallException;
import dev.recall.RedisConfig;
import dev.recall.RedisNode;
import dev.recall.internal.pubsub.Subscribers;
import dev.recall.spi.Command;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.DriverConnection;
import dev.recall.spi.RedisDriver;
import dev.recall.spi.Replies;
import dev.recall.spi.Subscriber;
import dev.recall.spi.pubsub.LinkEvents;
import dev.recall.spi.pubsub.PubSubLink;
import dev.recall.spi.pubsub.PubSubTransport;
import dev.recall.spi.pubsub.SlotOwners;
import dev.recall.testkit.Prerequisites;
import dev.recall.testkit.RedisCluster;
import dev.recall.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Sharded pub/sub through the driver on a Redis Cluster of three masters with a replica each: {@code SSUBSCRIBE} on
 * the master of each channel's slot, {@code SPUBLISH}ed bytes delivered in order, and the two ways a channel
 * changes node: a failover ({@code lost}, then {@code subscribed} on the promoted replica) and a slot migration
 * (Redis ends the subscription with an unsolicited {@code sunsubscribe}: {@code lost}, then {@code subscribed} on
 * the slot's new owner), and a {@code MOVED} refusal on a confirmed channel, which is a loss too. Delivery resumes
 * after each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class SubscriberClusterContractTest {
  private static final Duration PING = Duration.ofMillis(200);
  private static final Duration BOUND = Duration.ofSeconds(30);

  private RedisCluster cluster;
  private RecallClient client;

  @BeforeAll
  void start() {
    Prerequisites.redisAtLeast(7, "sharded pub/sub (SSUBSCRIBE)");
    cluster = RedisCluster.builder().replicasPerMaster(1).start();
    client = Clients.connect(RedisConfig.fromUrl(cluster.url()).toBuilder()
        .connectTimeout(Duration.ofMillis(500)).commandTimeout(Duration.ofMillis(500)).build());
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void channelsOnEveryMaster_areSharded_andDeliverSpublishedBytesInOrder() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (Subscriber subscriber = client.executor().subscriber(listener, PING)) {
      assertThat(subscriber.sharded()).isTrue();
      List<String> channels = new ArrayList<>();
      for (RedisServer master : cluster.nodes()) {
        channels.add(channelOn(master, "every"));
      }
      channels.forEach(channel -> subscriber.subscribe(bytes(channel)));
      for (String channel : channels) {
        awaitCount(listener, "subscribed", channel, 1);
        assertThat(shardSubscribers(cluster.ownerOfKey(channel), channel)).as("subscribed on its master").isOne();
      }
      for (int i = 0; i < 50; i++) {
        for (String channel : channels) {
          assertThat(publish(client.executor(), channel, bytes(channel + ":" + i))).isOne();
        }
      }
      for (String channel : channels) {
        Await.until(BOUND, () -> listener.messages(channel).size() == 50, () -> "50 messages on " + channel);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          expected.add(channel + ":" + i);
        }
        assertThat(listener.messages(channel)).containsExactlyElementsOf(expected);
      }
      subscriber.unsubscribe(bytes(channels.get(0)));
      Await.until(BOUND, () -> publish(client.executor(), channels.get(0), bytes("gone")) == 0,
          () -> "the master to forget the unsubscribed channel");
      assertThat(listener.messages(channels.get(0))).hasSize(50);
      assertThat(listener.overlapped()).isFalse();
    }
  }

  @Test
  void failoverOfTheChannelsMaster_reportsLost_thenSubscribedOnThePromotedMaster() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (Subscriber subscriber = client.executor().subscriber(listener, PING)) {
      RedisServer master = cluster.nodes().get(1);
      String channel = channelOn(master, "failover");
      String bystander = channelOn(cluster.nodes().get(2), "bystander");
      subscriber.subscribe(bytes(channel));
      subscriber.subscribe(bytes(bystander));
      awaitCount(listener, "subscribed", channel, 1);
      awaitCount(listener, "subscribed", bystander, 1);

      RedisServer promoted = cluster.failover(master);
      awaitCount(listener, "lost", channel, 1);
      awaitCount(listener, "subscribed", channel, 2);
      assertThat(listener.kinds(channel)).containsExactly("subscribed", "lost", "subscribed");
      assertThat(shardSubscribers(promoted, channel)).as("subscribed on the promoted master").isOne();
      awaitDelivery(listener, channel, "after the failover");
      assertThat(listener.count("lost", bystander)).as("another master's channel").isZero();
      awaitDelivery(listener, bystander, "on the bystander");
    }
  }

  @Test
  void slotMigration_reportsLost_thenSubscribedOnTheNewOwner() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (Subscriber subscriber = client.executor().subscriber(listener, PING)) {
      RedisServer source = cluster.nodes().get(0);
      RedisServer target = cluster.nodes().get(2);
      String channel = channelOn(source, "migrating");
      subscriber.subscribe(bytes(channel));
      awaitCount(listener, "subscribed", channel, 1);
      awaitDelivery(listener, channel, "before the migration");

      cluster.migrateSlot(cluster.keySlot(channel), target, 10);
      awaitCount(listener, "lost", channel, 1);
      awaitCount(listener, "subscribed", channel, 2);
      assertThat(lifecycle(listener, channel)).containsExactly("subscribed", "lost", "subscribed");
      assertThat(shardSubscribers(target, channel)).as("subscribed on the slot's new owner").isOne();
      awaitDelivery(listener, channel, "after the migration");
    }
  }

  /**
   * Redis ends a migrated slot's subscriptions with an unsolicited {@code sunsubscribe}; when the subscriber misses
   * it and sends {@code SSUBSCRIBE} to the old node again, that node's {@code MOVED} is the only sign the confirmed
   * subscription is gone. The transport here hides that push and re-sends the subscription on the real connection,
   * so the real node answers with a real {@code MOVED}, which the real driver reports.
   */
  @Test
  void movedForAConfirmedChannel_isALoss_thenSubscribedOnTheNewOwner() throws Exception {
    RedisServer source = cluster.nodes().get(0);
    RedisServer target = cluster.nodes().get(1);
    String channel = channelOn(source, "moved");
    RecordingListener listener = new RecordingListener();
    Subscribers subscribers = new Subscribers("moved-test");
    try (DriverConnection connection = driverUnderTest().connect(client.config())) {
      PushMissed transport = new PushMissed(connection.pubSub(), bytes(channel));
      Subscriber subscriber = subscribers.open(() -> transport, listener, PING);
      subscriber.subscribe(bytes(channel));
      awaitCount(listener, "subscribed", channel, 1);
      awaitDelivery(listener, channel, "before the migration");

      transport.armed = true;
      cluster.migrateSlot(cluster.keySlot(channel), target, 10);
      awaitCount(listener, "lost", channel, 1);
      assertThat(transport.resent).as("the sunsubscribe was hidden and SSUBSCRIBE re-sent").isTrue();
      assertThat(listener.events()).filteredOn(e -> e.kind().equals("lost")).first()
          .satisfies(e -> assertThat(e.cause()).hasMessageContaining("MOVED"));
      awaitCount(listener, "subscribed", channel, 2);
      assertThat(lifecycle(listener, channel)).containsExactly("subscribed", "lost", "subscribed");
      assertThat(shardSubscribers(target, channel)).as("subscribed on the slot's new owner").isOne();
      awaitDelivery(listener, channel, "after the migration");
    } finally {
      subscribers.closeAll();
    }
  }

  /**
   * Publishes a fresh message until one arrives (the publisher may first have to learn the new topology); a slow
   * delivery only means more messages were published meanwhile, so what is checked is that one arrived and none
   * twice.
   */
  private void awaitDelivery(RecordingListener listener, String channel, String when) throws InterruptedException {
    List<String> sent = new ArrayList<>();
    Await.until(BOUND, () -> {
      if (sent.stream().noneMatch(listener.messages(channel)::contains)) {
        String payload = "delivered " + when + " #" + sent.size();
        try {
          publish(client.executor(), channel, bytes(payload));
          sent.add(payload);
        } catch (RecallException e) {
          return false;
        }
      }
      return sent.stream().anyMatch(listener.messages(channel)::contains);
    }, () -> "a message on " + channel + " " + when + ", got " + listener.kinds(channel));
    for (String payload : sent) {
      assertThat(listener.messages(channel).stream().filter(payload::equals).count())
          .as("deliveries of " + payload).isLessThanOrEqualTo(1);
    }
  }

  /** The channel's subscribed and lost events in order, without its messages. */
  private static List<String> lifecycle(RecordingListener listener, String channel) {
    return listener.kinds(channel).stream().filter(kind -> !kind.equals("message")).toList();
  }

  /** A fresh channel name whose slot the master owns. */
  private String channelOn(RedisServer master, String prefix) {
    for (int i = 0; ; i++) {
      String channel = prefix + "-" + System.nanoTime() + "-" + i;
      if (cluster.ownerOfKey(channel).equals(master)) {
        return channel;
      }
    }
  }

  private static long publish(CommandExecutor executor, String channel, byte[] payload) {
    return executor.execute(Command.keyed("SPUBLISH", Replies::longValue, bytes(channel), payload));
  }

  private static RedisDriver driverUnderTest() {
    String wanted = Clients.driver();
    List<RedisDriver> drivers = new ArrayList<>();
    ServiceLoader.load(RedisDriver.class).forEach(drivers::add);
    return drivers.stream().filter(d -> wanted == null || d.name().equals(wanted)).findFirst()
        .orElseThrow(() -> new AssertionError("no driver " + wanted + " among " + drivers));
  }

  /**
   * A driver's transport whose links, once armed, do not pass on the unsolicited {@code sunsubscribe} of one channel
   * and send {@code SSUBSCRIBE} for it again instead. Link calls are serialized, since the re-send runs on the
   * driver's thread while the subscriber's thread may be sending a ping.
   */
  private static final class PushMissed implements PubSubTransport {
    private final PubSubTransport driver;
    private final byte[] channel;
    volatile boolean armed;
    volatile boolean resent;

    PushMissed(PubSubTransport driver, byte[] channel) {
      this.driver = driver;
      this.channel = channel;
    }

    @Override
    public boolean cluster() {
      return driver.cluster();
    }

    @Override
    public RedisNode server() {
      return driver.server();
    }

    @Override
    public CompletableFuture<SlotOwners> topology() {
      return driver.topology();
    }

    @Override
    public void close(long millis) {
      driver.close(millis);
    }

    @Override
    public PubSubLink open(RedisNode node, LinkEvents events) {
      Serialized link = new Serialized();
      link.wire = driver.open(node, new LinkEvents() {
        @Override
        public void connected() {
          events.connected();
        }

        @Override
        public void subscribed(byte[] name) {
          events.subscribed(name);
        }

        @Override
        public void unsubscribed(byte[] name) {
          if (armed && Arrays.equals(name, channel)) {
            armed = false;
            link.subscribe(name);
            resent = true;
          } else {
            events.unsubscribed(name);
          }
        }

        @Override
        public void message(byte[] name, byte[] payload) {
          events.message(name, payload);
        }

        @Override
        public void pong() {
          events.pong();
        }

        @Override
        public void refused(byte @Nullable [] name, String error) {
          events.refused(name, error);
        }

        @Override
        public void closed(Throwable cause) {
          events.closed(cause);
        }
      });
      return link;
    }
  }

  /** A driver's link whose calls run one at a time. */
  private static final class Serialized implements PubSubLink {
    volatile PubSubLink wire;

    @Override
    public synchronized void subscribe(byte[] channel) {
      wire.subscribe(channel);
    }

    @Override
    public synchronized void unsubscribe(byte[] channel) {
      wire.unsubscribe(channel);
    }

    @Override
    public synchronized void ping() {
      wire.ping();
    }

    @Override
    public synchronized void close() {
      wire.close();
    }
  }

  private static long shardSubscribers(RedisServer node, String channel) {
    List<?> reply = (List<?>) node.command("PUBSUB", "SHARDNUMSUB", channel);
    return (Long) reply.get(1);
  }
}
