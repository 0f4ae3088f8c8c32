package dev.recall.contract;

import static dev.recall.contract.RecordingListener.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallClient;
import dev.recall.RecallConnectionException;
import dev.recall.RecallTimeoutException;
import dev.recall.RedisConfig;
import dev.recall.spi.Command;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.Replies;
import dev.recall.spi.Subscriber;
import dev.recall.spi.SubscriptionListener;
import dev.recall.testkit.CuttingProxy;
import dev.recall.testkit.Prerequisites;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.testkit.TestCertificates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pub/sub through the driver on a single server: plain channels, confirmations, exact bytes in order, unsubscribe,
 * and the faults a near cache must hear of ({@code lost}) and recover from ({@code subscribed} again): a cut
 * connection, a silently dead one (noticed within two ping intervals), a server restart; and a close that leaves no
 * thread and no callback behind.
 */
@ExtendWith(RedisServerExtension.class)
class SubscriberContractTest {
  private static final Duration PING = Duration.ofMillis(200);
  /** The ping interval of the liveness test: long enough that scheduling delays are small beside it. */
  private static final Duration QUIET_PING = Duration.ofMillis(600);
  private static final Duration BOUND = Duration.ofSeconds(15);

  @Test
  void subscribe_confirmsFirst_thenDeliversExactBytesInOrder_onSeveralChannels(RedisServer server) throws Exception {
    RecordingListener listener = new RecordingListener();
    try (RecallClient client = Clients.connect(server);
        Subscriber subscriber = client.executor().subscriber(listener, PING)) {
      assertThat(subscriber.sharded()).isFalse();
      subscriber.subscribe(bytes("news"));
      subscriber.subscribe(bytes("sport\u0000binary"));
      subscriber.subscribe(bytes("news")); // idempotent
      awaitCount(listener, "subscribed", "news", 1);
      awaitCount(listener, "subscribed", "sport\u0000binary", 1);

      byte[] every = new byte[256];
      for (int i = 0; i < every.length; i++) {
        every[i] = (byte) i;
      }
      assertThat(publish(client.executor(), "sport\u0000binary", every)).as("receivers").isEqualTo(1);
      for (int i = 0; i < 100; i++) {
        publish(client.executor(), "news", bytes("n" + i));
        publish(client.executor(), "sport\u0000binary", bytes("s" + i));
      }
      Await.until(BOUND, () -> listener.payloads("news").size() == 100
          && listener.payloads("sport\u0000binary").size() == 101, () -> "200 messages, got " + listener.events());
      assertThat(listener.payloads("sport\u0000binary").get(0)).isEqualTo(every);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        expected.add("n" + i);
      }
      assertThat(listener.messages("news")).containsExactlyElementsOf(expected);
      assertThat(listener.kinds("news").get(0)).isEqualTo("subscribed");
      assertThat(listener.count("subscribed", "news")).isEqualTo(1);
      assertThat(listener.overlapped()).as("callbacks ran one at a time").isFalse();
      assertThat(listener.events()).allSatisfy(e -> assertThat(e.thread()).startsWith("recall-subscriber"));
    }
  }

  @Test
  void unsubscribe_stopsDelivery_andIsIdempotent(RedisServer server) throws Exception {
    RecordingListener listener = new RecordingListener();
    try (RecallClient client = Clients.connect(server);
        Subscriber subscriber = client.executor().subscriber(listener, PING)) {
      subscriber.subscribe(bytes("a"));
      subscriber.subscribe(bytes("b"));
      awaitCount(listener, "subscribed", "a", 1);
      awaitCount(listener, "subscribed", "b", 1);
      subscriber.unsubscribe(bytes("a"));
      subscriber.unsubscribe(bytes("a"));
      subscriber.unsubscribe(bytes("never-subscribed"));
      Await.until(BOUND, () -> publish(client.executor(), "a", bytes("dropped")) == 0,
          () -> "the server to forget the subscription to a");
      publish(client.executor(), "b", bytes("kept"));
      Await.until(BOUND, () -> listener.messages("b").contains("kept"), () -> "b's message");
      assertThat(listener.messages("a")).isEmpty();

      subscriber.subscribe(bytes("a")); // again, on the same subscriber
      awaitCount(listener, "subscribed", "a", 2);
      publish(client.executor(), "a", bytes("back"));
      Await.until(BOUND, () -> listener.messages("a").contains("back"), () -> "a's message after resubscribing");
      subscriber.unsubscribe(bytes("a"));
      subscriber.unsubscribe(bytes("b"));
      Await.until(BOUND, () -> publish(client.executor(), "b", bytes("x")) == 0, () -> "no subscriber left");
      assertThat(listener.count("lost", "a") + listener.count("lost", "b")).as("unsubscribing is no loss").isZero();
    }
  }

  @Test
  void connectionCut_reportsLost_thenSubscribedAgain_andDeliveryResumes() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (RedisServer server = RedisServer.spawn();
        CuttingProxy proxy = CuttingProxy.start(server.host(), server.port());
        RecallClient client = Clients.connect(viaProxy(server, proxy));
        RecallClient publisher = Clients.connect(server);
        Subscriber subscriber = client.executor().subscriber(listener, PING)) {
      subscriber.subscribe(bytes("cut"));
      awaitCount(listener, "subscribed", "cut", 1);
      publish(publisher.executor(), "cut", bytes("before"));
      Await.until(BOUND, () -> listener.messages("cut").contains("before"), () -> "the first message");

      proxy.cutConnections();
      awaitCount(listener, "lost", "cut", 1);
      awaitCount(listener, "subscribed", "cut", 2);
      assertThat(listener.kinds("cut")).containsExactly("subscribed", "message", "lost", "subscribed");
      assertThat(publish(publisher.executor(), "cut", bytes("after"))).isEqualTo(1);
      Await.until(BOUND, () -> listener.messages("cut").contains("after"), () -> "delivery after the cut");
    }
  }

  @Test
  void silentlyDeadConnection_isLostWithinTwoPingIntervals_andRecoversWhenRepliesFlowAgain() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (RedisServer server = RedisServer.spawn();
        CuttingProxy proxy = CuttingProxy.start(server.host(), server.port());
        RecallClient client = Clients.connect(viaProxy(server, proxy));
        RecallClient publisher = Clients.connect(server);
        Subscriber subscriber = client.executor().subscriber(listener, QUIET_PING)) {
      subscriber.subscribe(bytes("quiet"));
      awaitCount(listener, "subscribed", "quiet", 1);

      proxy.holdReplies(); // the connection stays open, but nothing comes back: neither messages nor pongs
      long start = System.nanoTime();
      awaitCount(listener, "lost", "quiet", 1);
      Duration noticed = Duration.ofNanos(System.nanoTime() - start);
      // The promise is two intervals (the next ping goes unanswered, the one after notices). Half an interval of
      // slack absorbs a loaded machine's scheduling and still fails a design that needs a third interval.
      Duration promise = QUIET_PING.multipliedBy(2);
      assertThat(noticed).as("time to notice").isLessThan(promise.plus(QUIET_PING.dividedBy(2)));
      assertThat(listener.events()).filteredOn(e -> e.kind().equals("lost")).first()
          .satisfies(e -> assertThat(e.cause()).isInstanceOf(RecallTimeoutException.class));

      proxy.forwardReplies();
      awaitCount(listener, "subscribed", "quiet", 2);
      publish(publisher.executor(), "quiet", bytes("heard"));
      Await.until(BOUND, () -> listener.messages("quiet").contains("heard"), () -> "delivery after the silence");
    }
  }

  @Test
  void serverKilledAndRestarted_reportsLost_thenSubscribedAfterRestart() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (RedisServer server = RedisServer.spawn();
        RecallClient client = Clients.connect(RedisConfig.fromUrl(server.url()).toBuilder()
            .connectTimeout(Duration.ofMillis(500)).commandTimeout(Duration.ofMillis(500)).build());
        Subscriber subscriber = client.executor().subscriber(listener, PING)) {
      subscriber.subscribe(bytes("restart"));
      awaitCount(listener, "subscribed", "restart", 1);
      server.kill();
      awaitCount(listener, "lost", "restart", 1);
      assertThat(listener.events()).filteredOn(e -> e.kind().equals("lost")).first()
          .satisfies(e -> assertThat(e.cause()).isInstanceOf(RecallConnectionException.class));
      server.restart();
      awaitCount(listener, "subscribed", "restart", 2);
      try (RecallClient publisher = Clients.connect(server)) {
        assertThat(publish(publisher.executor(), "restart", bytes("again"))).isEqualTo(1);
      }
      Await.until(BOUND, () -> listener.messages("restart").contains("again"), () -> "delivery after the restart");
    }
  }

  @Test
  void overTls_asAnAclUser_subscribesWithTheClientsCredentials_andAForbiddenChannelIsNeverConfirmed()
      throws Exception {
    Prerequisites.redisWithTls();
    TestCertificates certificates = TestCertificates.generate("Recall subscriber TLS test");
    RecordingListener listener = new RecordingListener();
    try (RedisServer server = RedisServer.spawnTls(certificates)) {
      server.command("ACL", "SETUSER", "reader", "reset", "on", ">reader-secret", "resetchannels", "&news*",
          "+@all");
      try (RecallClient client = Clients.connect(RedisConfig.fromUrl(server.url()).toBuilder()
              .username("reader").password("reader-secret").build());
          Subscriber subscriber = client.executor().subscriber(listener, PING)) {
        subscriber.subscribe(bytes("secret"));
        subscriber.subscribe(bytes("news"));
        awaitCount(listener, "subscribed", "news", 1);
        assertThat(publish(client.executor(), "news", bytes("over tls"))).isEqualTo(1);
        Await.until(BOUND, () -> listener.messages("news").contains("over tls"), () -> "the message over TLS");
        assertThat(listener.kinds("secret")).as("a channel the ACL denies").isEmpty();
        assertThat(String.valueOf(server.command("CLIENT", "LIST"))).contains("user=reader");
      }
    }
  }

  @Test
  void close_endsCallbacksAndThreads_andClosingTheClientClosesItsSubscribers(RedisServer server) throws Exception {
    Set<String> before = subscriberThreads();
    RecordingListener listener = new RecordingListener();
    try (RecallClient client = Clients.connect(server)) {
      Subscriber subscriber = client.executor().subscriber(listener, PING);
      subscriber.subscribe(bytes("closing"));
      awaitCount(listener, "subscribed", "closing", 1);
      assertThat(subscriberThreads()).as("threads while open").isNotEmpty();
      subscriber.close();
      subscriber.close(); // idempotent
      int seen = listener.events().size();
      Await.until(Duration.ofSeconds(5), () -> before.containsAll(subscriberThreads()),
          () -> "the subscriber's threads to end: " + subscriberThreads());
      assertThat(publish(client.executor(), "closing", bytes("late"))).as("receivers").isZero();
      assertThat(listener.events()).hasSize(seen);
      assertThatThrownBy(() -> subscriber.subscribe(bytes("closing"))).isInstanceOf(IllegalStateException.class);

      Subscriber second = client.executor().subscriber(new RecordingListener(), PING);
      second.subscribe(bytes("second"));
      Await.until(BOUND, () -> publish(client.executor(), "second", bytes("x")) == 1, () -> "the second subscriber");
      client.close();
      Await.until(Duration.ofSeconds(5), () -> before.containsAll(subscriberThreads()),
          () -> "closing the client to end its subscribers' threads: " + subscriberThreads());
      assertThatThrownBy(() -> second.subscribe(bytes("y"))).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> client.executor().subscriber(new RecordingListener(), PING))
          .isInstanceOf(RecallConnectionException.class);
    }
  }

  @Test
  void closeFromInsideACallback_endsTheSubscriber_withoutWaitingForItself(RedisServer server) throws Exception {
    Set<String> before = subscriberThreads();
    RecordingListener recorded = new RecordingListener();
    Subscriber[] self = new Subscriber[1];
    SubscriptionListener closing = new SubscriptionListener() {
      @Override
      public void message(byte[] channel, byte[] payload) {
        recorded.message(channel, payload);
        self[0].close();
      }

      @Override
      public void subscribed(byte[] channel) {
        recorded.subscribed(channel);
      }

      @Override
      public void lost(byte[] channel, Throwable cause) {
        recorded.lost(channel, cause);
      }
    };
    try (RecallClient client = Clients.connect(server)) {
      self[0] = client.executor().subscriber(closing, PING);
      self[0].subscribe(bytes("self-closing"));
      awaitCount(recorded, "subscribed", "self-closing", 1);
      publish(client.executor(), "self-closing", bytes("last"));
      Await.until(BOUND, () -> publish(client.executor(), "self-closing", bytes("after")) == 0,
          () -> "the subscriber to close itself");
      Await.until(Duration.ofSeconds(5), () -> before.containsAll(subscriberThreads()),
          () -> "the subscriber's threads to end: " + subscriberThreads());
      assertThat(recorded.messages("self-closing")).containsExactly("last");
    }
  }

  @Test
  void listenerThatThrows_isLogged_andTheSubscriberCarriesOn(RedisServer server) throws Exception {
    RecordingListener recorded = new RecordingListener();
    AtomicBoolean thrown = new AtomicBoolean();
    SubscriptionListener throwing = new SubscriptionListener() {
      @Override
      public void message(byte[] channel, byte[] payload) {
        if (thrown.compareAndSet(false, true)) {
          throw new IllegalStateException("a listener bug");
        }
        recorded.message(channel, payload);
      }

      @Override
      public void subscribed(byte[] channel) {
        recorded.subscribed(channel);
      }

      @Override
      public void lost(byte[] channel, Throwable cause) {
        recorded.lost(channel, cause);
      }
    };
    try (RecallClient client = Clients.connect(server);
        Subscriber subscriber = client.executor().subscriber(throwing, PING)) {
      subscriber.subscribe(bytes("buggy"));
      awaitCount(recorded, "subscribed", "buggy", 1);
      publish(client.executor(), "buggy", bytes("first"));
      publish(client.executor(), "buggy", bytes("second"));
      Await.until(BOUND, () -> recorded.messages("buggy").contains("second"), () -> "the message after the throw");
      assertThat(thrown).isTrue();
      assertThat(recorded.messages("buggy")).containsExactly("second");
    }
  }

  @Test
  void badArguments_areRefusedNamingTheSetting(RedisServer server) {
    try (RecallClient client = Clients.connect(server)) {
      CommandExecutor executor = client.executor();
      assertThatThrownBy(() -> executor.subscriber(new RecordingListener(), Duration.ofMillis(5)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pingInterval");
      assertThatThrownBy(() -> executor.subscriber(null, PING)).isInstanceOf(NullPointerException.class)
          .hasMessageContaining("listener");
      assertThatThrownBy(() -> executor.subscriber(new RecordingListener(), null))
          .isInstanceOf(NullPointerException.class);
      try (Subscriber subscriber = executor.subscriber(new RecordingListener(), PING)) {
        assertThatThrownBy(() -> subscriber.subscribe(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> subscriber.unsubscribe(null)).isInstanceOf(NullPointerException.class);
      }
    }
  }

  static long publish(CommandExecutor executor, String channel, byte[] payload) {
    return executor.execute(Command.keyless("PUBLISH", Replies::longValue, bytes(channel), payload));
  }

  static void awaitCount(RecordingListener listener, String kind, String channel, int count)
      throws InterruptedException {
    Await.until(BOUND, () -> listener.count(kind, channel) >= count,
        () -> count + " '" + kind + "' for " + channel + ", got " + listener.kinds(channel));
  }

  /** The names of the live threads of subscribers (the drivers name them recall-subscriber-...). */
  static Set<String> subscriberThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(name -> name.startsWith("recall-subscriber")).collect(Collectors.toSet());
  }

  private static RedisConfig viaProxy(RedisServer server, CuttingProxy proxy) {
    return RedisConfig.fromUrl(server.url()).toBuilder().host(proxy.host()).port(proxy.port())
        .connectTimeout(Duration.ofMillis(500)).commandTimeout(Duration.ofMillis(500)).build();
  }
}
