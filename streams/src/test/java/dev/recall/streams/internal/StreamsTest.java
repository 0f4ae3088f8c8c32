package dev.recall.streams.internal;

import static dev.recall.streams.internal.StreamsFixture.quick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.contract.Await;
import dev.recall.spi.CommandArgs;
import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RecallCodecException;
import dev.recall.RedisConfig;
import dev.recall.stream.Consumer;
import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.DeadLetter;
import dev.recall.stream.Message;
import dev.recall.stream.Sender;
import dev.recall.stream.SenderConfig;
import dev.recall.stream.StreamMetrics;
import dev.recall.stream.Streams;
import dev.recall.stream.Trim;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.testkit.RedisTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streams through each driver against a real server; written against {@link RedisTarget} so that
 * {@link StreamsClusterTest} runs it unchanged on a Redis Cluster.
 */
@ParameterizedClass
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class StreamsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  record Order(long id, String item, int quantity) {}

  @Parameter
  String driver;

  private StreamsFixture fixture;
  private RecallClient client;
  private Streams streams;

  @BeforeEach
  void connect(RedisTarget target) {
    fixture = new StreamsFixture(target, driver);
    client = fixture.client;
    streams = fixture.streams;
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private Consumer consumer(ConsumerConfig config) {
    return fixture.consumer(config);
  }

  @Test
  void sendAndConsume_typedMessages_roundTrip() {
    Sender sender = streams.sender();
    Order order = new Order(7, "book", 2);
    String id = sender.send("orders", Message.of("order.created", order));
    List<String> batch = sender.sendAll("orders", List.of(Message.of("order.created", new Order(8, "pen", 1)),
        Message.of("order.cancelled", new Order(7, "book", 2))));
    String async = sender.sendAsync("orders", Message.of("order.created", new Order(9, "ink", 3))).join();
    List<Message<Order>> created = new CopyOnWriteArrayList<>();
    List<Message<Order>> other = new CopyOnWriteArrayList<>();

    Consumer consumer = consumer(quick("billing", "w1")
        .handler("orders", "order.created", Order.class, created::add)
        .handler("orders", Order.class, other::add)
        .concurrency(1).build());
    assertThat(consumer.consumeOnce()).isEqualTo(4);

    assertThat(created).extracting(Message::id).containsExactly(id, batch.get(0), async);
    assertThat(created.get(0)).isEqualTo(new Message<>("order.created", order, id));
    assertThat(other).containsExactly(new Message<>("order.cancelled", new Order(7, "book", 2), batch.get(1)));
    assertThat(streams.pending("orders", "billing")).isZero();
    assertThat(streams.length("orders")).isEqualTo(4);
    assertThat(consumer.consumeOnce()).isZero();
  }

  @Test
  void send_bodyThatCannotBeEncoded_throwsTypedError_andWritesNothing() {
    Sender sender = streams.sender();
    Object broken = new Object() {
      public String getValue() {
        throw new IllegalStateException("no value");
      }
    };
    assertThatThrownBy(() -> sender.send("orders", Message.of("bad", broken)))
        .isInstanceOf(RecallCodecException.class).hasMessageContaining("'bad'").hasMessageContaining("orders");
    assertThatThrownBy(() -> sender.sendAll("orders", List.of(Message.of("ok", 1), Message.of("bad", broken))))
        .isInstanceOf(RecallCodecException.class).hasMessageContaining("index 1");
    assertThat(streams.length("orders")).isZero();
  }

  @Test
  void sender_registeredOnly_refusesOtherChannels_andTrims() {
    Sender sender = streams.sender(SenderConfig.builder().channel("audit", Trim.maxLen(10)).registeredOnly(true)
        .build());
    assertThatThrownBy(() -> sender.send("orders", Message.of("x", 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'orders' is not registered");
    assertThatThrownBy(() -> sender.send("bad channel", Message.of("x", 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad channel");
    for (int i = 0; i < 300; i++) {
      sender.send("audit", Message.of("x", i));
    }
    // Approximate trimming drops whole nodes (100 entries each by default), never the newest.
    assertThat(streams.length("audit")).isLessThan(300).isGreaterThanOrEqualTo(10);
    streams.sender().send("audit", Message.of("x", 1), null);
  }

  @Test
  void severalGroups_eachReceiveEveryMessage() throws InterruptedException {
    streams.sender().sendAll("events", IntStream.range(0, 200).mapToObj(i -> Message.of("e", i)).toList());
    Map<String, Set<Integer>> seen = new ConcurrentHashMap<>();
    for (String group : List.of("a", "b", "c")) {
      Set<Integer> mine = ConcurrentHashMap.newKeySet();
      seen.put(group, mine);
      consumer(quick(group, "only").handler("events", Integer.class, m -> mine.add(m.body())).build()).start();
    }
    Await.until(WAIT, () -> seen.values().stream().allMatch(s -> s.size() == 200), seen::toString);
    for (String group : List.of("a", "b", "c")) {
      Await.until(WAIT, () -> streams.pending("events", group) == 0, () -> "acks of " + group);
    }
  }

  @Test
  void severalConsumersInOneGroup_shareTheWork_withoutDuplicates() throws InterruptedException {
    Map<Integer, AtomicInteger> handled = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> perConsumer = new ConcurrentHashMap<>();
    for (int c = 0; c < 3; c++) {
      String name = "w" + c;
      perConsumer.put(name, new AtomicInteger());
      consumer(quick("workers", name).batchSize(20).handler("jobs", Integer.class, m -> {
        handled.computeIfAbsent(m.body(), k -> new AtomicInteger()).incrementAndGet();
        perConsumer.get(name).incrementAndGet();
      }).build()).start();
    }
    streams.sender().sendAll("jobs", IntStream.range(0, 3000).mapToObj(i -> Message.of("job", i)).toList());
    Await.until(WAIT, () -> handled.size() == 3000, () -> handled.size() + " of 3000");
    assertThat(handled.values()).allMatch(count -> count.get() == 1);
    assertThat(perConsumer.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(3000);
    Await.until(WAIT, () -> streams.pending("jobs", "workers") == 0, () -> "acks");
  }

  @Test
  void failingHandler_isRetriedWithBackoff_thenDeadLettered_withTheDeliveryCount() throws InterruptedException {
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger flaky = new AtomicInteger();
    List<String> errors = new CopyOnWriteArrayList<>();
    AtomicLong retried = new AtomicLong();
    AtomicLong dead = new AtomicLong();
    AtomicLong acked = new AtomicLong();
    StreamMetrics metrics = new StreamMetrics() {
      @Override
      public void retried(String channel, String group, String entryId) {
        retried.incrementAndGet();
      }

      @Override
      public void deadLettered(String channel, String group, String entryId) {
        dead.incrementAndGet();
      }

      @Override
      public void acknowledged(String channel, String group, List<String> entryIds) {
        acked.addAndGet(entryIds.size());
      }
    };
    Consumer consumer = consumer(quick("billing", "w1").maxDeliveries(3).metrics(metrics)
        .errorHandler((channel, id, error) -> errors.add(error.getMessage()))
        .handler("orders", "poison", Order.class, m -> {
          attempts.incrementAndGet();
          throw new IllegalStateException("cannot bill order " + m.body().id());
        })
        .handler("orders", "flaky", Order.class, m -> {
          if (flaky.incrementAndGet() < 3) {
            throw new IllegalStateException("not yet");
          }
        }).build());
    String poison = streams.sender().send("orders", Message.of("poison", new Order(13, "x", 1)));
    streams.sender().send("orders", Message.of("flaky", new Order(14, "y", 1)));
    consumer.start();

    // The metric follows the dead-letter script's reply, so the letter can be visible a moment before it is counted.
    Await.until(WAIT, () -> streams.deadLetterCount("orders") == 1 && acked.get() == 1 && dead.get() == 1,
        () -> "a dead letter, counted, and an ack");
    assertThat(attempts).hasValue(3);
    assertThat(flaky).hasValue(3);
    List<DeadLetter> letters = streams.deadLetters("orders", 10);
    assertThat(letters).hasSize(1);
    DeadLetter letter = letters.get(0);
    assertThat(letter.sourceId()).isEqualTo(poison);
    assertThat(letter.deliveries()).isEqualTo(3);
    assertThat(letter.group()).isEqualTo("billing");
    assertThat(letter.name()).isEqualTo("poison");
    assertThat(letter.error()).contains("IllegalStateException").contains("cannot bill order 13");
    assertThat(letter.bodyText()).contains("\"id\":13");
    assertThat(errors).contains("cannot bill order 13", "not yet");
    assertThat(retried.get()).isEqualTo(4);
    assertThat(dead).hasValue(1);
    assertThat(streams.pending("orders", "billing")).isZero();
  }

  @Test
  void consumerThatDiesMidBatch_itsEntriesAreReclaimedByAnother() throws InterruptedException {
    streams.sender().sendAll("jobs", IntStream.range(0, 50).mapToObj(i -> Message.of("job", i)).toList());
    // A consumer that read a batch and died before acknowledging anything.
    client.executor().execute(StreamCommands.xgroupCreate(StreamKeys.stream("jobs"), "workers", "0", true));
    List<StreamEntry> taken = client.executor().execute(StreamCommands.xreadgroup("workers", "dead", 30, null,
        Map.of(StreamKeys.stream("jobs"), ">")));
    assertThat(taken).hasSize(30);

    Set<Integer> handled = ConcurrentHashMap.newKeySet();
    AtomicInteger reclaimed = new AtomicInteger();
    consumer(quick("workers", "alive").reclaimIdle(Duration.ofMillis(200))
        .metrics(new StreamMetrics() {
          @Override
          public void reclaimed(String channel, String group, int count) {
            reclaimed.addAndGet(count);
          }
        })
        .handler("jobs", Integer.class, m -> handled.add(m.body())).build()).start();
    Await.until(WAIT, () -> handled.size() == 50, () -> handled.size() + " of 50");
    Await.until(WAIT, () -> streams.pending("jobs", "workers") == 0, () -> "acks");
    assertThat(reclaimed).hasValue(30);
  }

  @Test
  void cleanUp_deletesExactlyTheEntriesEveryGroupAcknowledged() {
    List<String> ids = streams.sender().sendAll("events",
        IntStream.range(0, 10).mapToObj(i -> Message.of("e", i)).toList());
    assertThat(streams.cleanUp("events")).as("no group: nothing is known to be consumed").isZero();

    consumer(quick("all", "c").handler("events", Integer.class, m -> { }).build()).consumeOnce();
    // The second group reads six entries, two of which fail and stay pending; four are never read.
    consumer(quick("some", "c").batchSize(6).maxDeliveries(5).handler("events", Integer.class, m -> {
      if (m.body() == 1 || m.body() == 3) {
        throw new IllegalStateException("later");
      }
    }).build()).consumeOnce();
    assertThat(streams.pending("events", "some")).isEqualTo(2);

    assertThat(streams.cleanUp("events")).isEqualTo(4);
    List<String> left = client.executor().execute(StreamCommands.xrange(StreamKeys.stream("events"), "-", "+", 100))
        .stream().map(StreamEntry::id).toList();
    assertThat(left).containsExactly(ids.get(1), ids.get(3), ids.get(6), ids.get(7), ids.get(8), ids.get(9));
    assertThat(streams.cleanUp("events")).isZero();
  }

  @Test
  void deleteAcknowledged_deletesOnlyOnceEveryGroupAcknowledged() {
    streams.sender().sendAll("events", IntStream.range(0, 20).mapToObj(i -> Message.of("e", i)).toList());
    Consumer first = streams.consumer(quick("a", "c").deleteAcknowledged(true)
        .handler("events", Integer.class, m -> { }).build());
    Consumer second = streams.consumer(quick("b", "c").deleteAcknowledged(true).startId("0")
        .handler("events", Integer.class, m -> { }).build());
    fixture.stopAfterTest(first);
    fixture.stopAfterTest(second);
    client.executor().execute(StreamCommands.xgroupCreate(StreamKeys.stream("events"), "b", "0", true));
    assertThat(first.consumeOnce()).isEqualTo(20);
    assertThat(streams.length("events")).as("group b has not read them").isEqualTo(20);
    assertThat(second.consumeOnce()).isEqualTo(20);
    assertThat(streams.length("events")).isZero();
  }

  @Test
  void undecodableBodies_andUnknownNames_goStraightToTheDeadLetters() {
    byte[] key = StreamKeys.stream("orders");
    String notJson = client.executor().execute(StreamCommands.xadd(key, null, null, List.of(
        CommandArgs.utf8("name"), CommandArgs.utf8("order.created"),
        CommandArgs.utf8("body"), CommandArgs.utf8("{not json"))));
    String wrongShape = client.executor().execute(StreamCommands.xadd(key, null, null, List.of(
        CommandArgs.utf8("foo"), CommandArgs.utf8("bar"))));
    streams.sender().send("orders", Message.of("order.refunded", new Order(1, "x", 1)));
    List<Order> handled = new CopyOnWriteArrayList<>();
    Consumer consumer = consumer(quick("billing", "w").handler("orders", "order.created", Order.class,
        m -> handled.add(m.body())).build());
    assertThat(consumer.consumeOnce()).isEqualTo(3);

    assertThat(handled).isEmpty();
    List<DeadLetter> letters = streams.deadLetters("orders", 10);
    assertThat(letters).extracting(DeadLetter::deliveries).containsOnly(1L);
    assertThat(letters.get(0).sourceId()).isEqualTo(notJson);
    assertThat(letters.get(0).error()).contains("cannot decode").contains(Order.class.getName());
    assertThat(letters.get(0).bodyText()).isEqualTo("{not json");
    assertThat(letters.get(1).sourceId()).isEqualTo(wrongShape);
    assertThat(letters.get(1).error()).contains("not a Recall message");
    assertThat(letters.get(2).error()).contains("no handler for messages named 'order.refunded'");
    assertThat(streams.pending("orders", "billing")).isZero();
  }

  @Test
  void shutdown_finishesInFlightHandlersInTime_andLeavesTheRestForReclaim() throws Exception {
    CountDownLatch slowStarted = new CountDownLatch(1);
    Set<Integer> done = ConcurrentHashMap.newKeySet();
    Consumer first = consumer(quick("workers", "first").handler("jobs", Integer.class, m -> {
      if (m.body() == 0) {
        slowStarted.countDown();
        Thread.sleep(60_000); // stands for a handler that cannot finish before the deadline
      }
      if (m.body() == 1) {
        Thread.sleep(100); // finishes within the deadline
      }
      done.add(m.body());
    }).build());
    // Sent before the consumer starts, so its first read takes all five: a read blocked while they arrive may be
    // woken by the first one alone, and a cycle waits for its batch's handlers before it reads again.
    streams.sender().sendAll("jobs", IntStream.range(0, 5).mapToObj(i -> Message.of("job", i)).toList());
    first.start();
    assertThat(slowStarted.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    Await.until(WAIT, () -> done.size() >= 3, done::toString);

    assertThat(first.stop(Duration.ofMillis(500))).as("the slow handler did not finish").isFalse();
    assertThat(first.isRunning()).isFalse();
    assertThat(done).containsExactlyInAnyOrder(1, 2, 3, 4);
    assertThat(streams.pending("jobs", "workers")).as("only the unfinished one").isEqualTo(1);

    Set<Integer> second = ConcurrentHashMap.newKeySet();
    Consumer next = consumer(quick("workers", "second").reclaimIdle(Duration.ofMillis(100))
        .handler("jobs", Integer.class, m -> second.add(m.body())).build());
    Await.until(WAIT, () -> {
      next.consumeOnce();
      return second.contains(0);
    }, () -> "the abandoned entry to be reclaimed");
    assertThat(second).containsExactly(0);
    assertThat(streams.pending("jobs", "workers")).isZero();
  }

  @Test
  void manyMessages_throughFourConsumers_noneLostOrDuplicated() throws InterruptedException {
    int total = 100_000;
    Map<Integer, Boolean> seen = new ConcurrentHashMap<>();
    AtomicInteger duplicates = new AtomicInteger();
    AtomicLong checksum = new AtomicLong();
    for (int c = 0; c < 4; c++) {
      consumer(quick("load", "c" + c).batchSize(500).concurrency(64).reclaimIdle(Duration.ofSeconds(30))
          .handler("load", Integer.class, m -> {
            if (seen.putIfAbsent(m.body(), Boolean.TRUE) != null) {
              duplicates.incrementAndGet();
            }
            checksum.addAndGet(m.body());
          }).build()).start();
    }
    Sender sender = streams.sender();
    for (int from = 0; from < total; from += 5000) {
      int start = from;
      sender.sendAll("load", IntStream.range(start, start + 5000).mapToObj(i -> Message.of("n", i)).toList());
    }
    Await.until(Duration.ofSeconds(60), () -> seen.size() == total, () -> seen.size() + " of " + total);
    Await.until(WAIT, () -> streams.pending("load", "load") == 0, () -> "acks");
    assertThat(duplicates).hasValue(0);
    assertThat(checksum.get()).isEqualTo((long) total * (total - 1) / 2);
  }

  @Test
  void serverRestart_consumerReconnects_recreatesItsGroup_andGoesOn() throws InterruptedException {
    try (RedisServer own = RedisServer.spawn();
        RecallClient other = Recall.connect(RedisConfig.fromUrl(own.url()), driver)) {
      Streams ownStreams = other.streams();
      Set<Integer> handled = ConcurrentHashMap.newKeySet();
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      Consumer consumer = ownStreams.consumer(quick("g", "c").errorHandler((ch, id, e) -> errors.add(e))
          .handler("jobs", Integer.class, m -> handled.add(m.body())).build());
      fixture.stopAfterTest(consumer);
      consumer.start();
      ownStreams.sender().send("jobs", Message.of("job", 1));
      Await.until(WAIT, () -> handled.contains(1), handled::toString);

      own.restart(); // no persistence: the stream and its group are gone
      Await.until(WAIT, () -> {
        try {
          ownStreams.sender().send("jobs", Message.of("job", 2));
          return true;
        } catch (RuntimeException e) {
          return false;
        }
      }, () -> "the server to come back");
      Await.until(WAIT, () -> handled.contains(2), () -> handled + ", errors " + errors);
      assertThat(consumer.isRunning()).isTrue();
      consumer.stop(Duration.ofSeconds(2));
    }
  }

  @Test
  void builders_rejectBadSettings_namingThem() {
    assertThatThrownBy(() -> ConsumerConfig.builder("g", "c").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no handler");
    assertThatThrownBy(() -> ConsumerConfig.builder("g", "c").batchSize(0))
        .hasMessageContaining("batchSize").hasMessageContaining("got 0");
    assertThatThrownBy(() -> ConsumerConfig.builder("g", "c").startId("soon"))
        .hasMessageContaining("startId").hasMessageContaining("soon");
    assertThatThrownBy(() -> ConsumerConfig.builder("g g", "c")).hasMessageContaining("'g g'");
    assertThatThrownBy(() -> ConsumerConfig.builder("g", "c").handler("x", Integer.class, m -> { })
        .handler("x", Integer.class, m -> { })).hasMessageContaining("already has a handler");
    assertThatThrownBy(() -> Trim.maxLen(-1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> Message.of(" ", 1)).hasMessageContaining("blank");
    ConsumerConfig config = quick("g", "c").handler("x", Integer.class, m -> { }).build();
    assertThat(config.toBuilder().build()).isEqualTo(config);
  }
}
