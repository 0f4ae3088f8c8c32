package dev.recall.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RecallCodecException;
import dev.recall.RedisConfig;
import dev.recall.contract.Await;
import dev.recall.stream.Consumer;
import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.Message;
import dev.recall.stream.Sender;
import dev.recall.stream.SenderConfig;
import dev.recall.stream.StreamMetrics;
import dev.recall.stream.Streams;
import dev.recall.stream.Trim;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.testkit.RedisTarget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sender and metrics API through each driver against a real server: {@link Sender#sendAllAsync},
 * {@link Trim#minId}, the {@link StreamMetrics#delivered} and {@link StreamMetrics#handlerLatency} hooks, and the
 * JFR event {@code dev.recall.StreamHandler}.
 */
@ParameterizedClass
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class SenderAndMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  record Latency(String channel, String group, String messageName, Duration latency, boolean success) {}

  @Parameter
  String driver;

  private RecallClient client;
  private Streams streams;

  @BeforeEach
  void connect(RedisTarget target) {
    client = Recall.connect(RedisConfig.fromUrl(target.url()), driver);
    streams = client.streams();
  }

  @AfterEach
  void close() {
    client.close();
  }

  private List<String> idsOf(String channel, String from) {
    return client.executor().execute(StreamCommands.xrange(StreamKeys.stream(channel), from, "+", 10_000)).stream()
        .map(StreamEntry::id).toList();
  }

  @Test
  void streams_areOnePerClient() {
    assertThat(client.streams()).isSameAs(streams);
  }

  @Test
  void sendAllAsync_sendsEveryMessage_andCompletesWithTheirIdsInOrder() throws Exception {
    Sender sender = streams.sender();
    List<String> ids = sender.sendAllAsync("orders",
        IntStream.range(0, 50).mapToObj(i -> Message.of("n", i)).toList()).get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(ids).hasSize(50).doesNotHaveDuplicates();
    assertThat(idsOf("orders", "-")).containsExactlyElementsOf(ids);
    List<Message<Integer>> read = new CopyOnWriteArrayList<>();
    Consumer consumer = streams.consumer(ConsumerConfig.builder("g", "c").batchSize(100).concurrency(1)
        .blockTime(Duration.ofMillis(50)).handler("orders", Integer.class, read::add).build());
    assertThat(consumer.consumeOnce()).isEqualTo(50);
    assertThat(read).extracting(Message::body).containsExactlyElementsOf(IntStream.range(0, 50).boxed().toList());
    assertThat(read).extracting(Message::id).containsExactlyElementsOf(ids);

    assertThat(sender.sendAllAsync("orders", List.of()).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEmpty();
    Object broken = new Object() {
      public String getValue() {
        throw new IllegalStateException("no value");
      }
    };
    assertThatThrownBy(() -> sender.sendAllAsync("orders", List.of(Message.of("ok", 1), Message.of("bad", broken))))
        .as("an encoding failure is thrown before anything is sent").isInstanceOf(RecallCodecException.class)
        .hasMessageContaining("index 1");
    assertThat(streams.length("orders")).isEqualTo(50);
  }

  @Test
  void trimMinId_dropsOlderEntries_neverOnesFromTheId() {
    List<String> ids = streams.sender().sendAll("audit",
        IntStream.range(0, 300).mapToObj(i -> Message.of("x", i)).toList());
    String threshold = ids.get(250);
    Sender trimming = streams.sender(SenderConfig.builder().channel("audit", Trim.minId(threshold)).build());
    String last = trimming.send("audit", Message.of("x", 300));

    // Approximate trimming drops whole nodes (100 entries each by default) below the id, so some older ones stay.
    assertThat(streams.length("audit")).isLessThan(301).isGreaterThanOrEqualTo(51);
    List<String> kept = idsOf("audit", threshold);
    assertThat(kept).hasSize(51).startsWith(threshold).endsWith(last);
    assertThat(idsOf("audit", "-")).doesNotContain(ids.get(0));

    streams.sender().send("audit", Message.of("x", 301), Trim.minId(last));
    assertThat(idsOf("audit", last)).hasSize(2);
    assertThatThrownBy(() -> Trim.minId("yesterday")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'yesterday'");
  }

  @Test
  void metrics_delivered_countsReadAndRetriedEntries_andHandlerLatency_timesEveryCall() throws InterruptedException {
    Duration work = Duration.ofMillis(50);
    List<String> delivered = new CopyOnWriteArrayList<>();
    AtomicInteger deliveredCount = new AtomicInteger();
    List<Latency> latencies = new CopyOnWriteArrayList<>();
    StreamMetrics metrics = new StreamMetrics() {
      @Override
      public void delivered(String channel, String group, int count) {
        delivered.add(channel + "/" + group + "/" + count);
        deliveredCount.addAndGet(count);
      }

      @Override
      public void handlerLatency(String channel, String group, String messageName, Duration latency,
          boolean success) {
        latencies.add(new Latency(channel, group, messageName, latency, success));
      }
    };
    Consumer consumer = streams.consumer(ConsumerConfig.builder("billing", "c").blockTime(Duration.ofMillis(50))
        .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(40)).maxDeliveries(2).metrics(metrics)
        .errorHandler((channel, id, error) -> { })
        .handler("orders", "ok", Integer.class, m -> Thread.sleep(work.toMillis())) // the work being timed
        .handler("orders", "bad", Integer.class, m -> {
          throw new IllegalStateException("always");
        }).build());
    streams.sender().sendAll("orders", List.of(Message.of("ok", 1), Message.of("ok", 2), Message.of("bad", 3)));

    assertThat(consumer.consumeOnce()).isEqualTo(3);
    assertThat(delivered).containsExactly("orders/billing/3");
    assertThat(latencies).hasSize(3);
    assertThat(latencies).filteredOn(Latency::success).hasSize(2).allSatisfy(l -> {
      assertThat(l.messageName()).isEqualTo("ok");
      assertThat(l.latency()).isGreaterThanOrEqualTo(work);
    });
    assertThat(latencies).filteredOn(l -> !l.success()).singleElement()
        .satisfies(l -> assertThat(l.messageName()).isEqualTo("bad"));
    assertThat(latencies).allSatisfy(l -> assertThat(l.channel() + "/" + l.group()).isEqualTo("orders/billing"));

    // The failed entry is delivered once more after its backoff, fails again and is dead-lettered.
    Await.until(WAIT, () -> {
      consumer.consumeOnce();
      return streams.deadLetterCount("orders") == 1;
    }, () -> "the retry and the dead letter, delivered " + delivered);
    assertThat(deliveredCount).hasValue(4);
    assertThat(delivered).endsWith("orders/billing/1");
    assertThat(latencies).hasSize(4).filteredOn(l -> !l.success()).hasSize(2)
        .allSatisfy(l -> assertThat(l.messageName()).isEqualTo("bad"));
  }

  @Test
  void handlerCalls_areRecordedAsJfrEvents_withChannelGroupMessageAndOutcome() throws Exception {
    List<RecordedEvent> events = new CopyOnWriteArrayList<>();
    try (RecordingStream recording = new RecordingStream()) {
      // Threshold at zero: the event's default (20 ms) would hide these quick handlers.
      recording.enable("dev.recall.StreamHandler").withThreshold(Duration.ZERO);
      recording.onEvent("dev.recall.StreamHandler", events::add);
      recording.startAsync();
      Consumer consumer = streams.consumer(ConsumerConfig.builder("jfr-" + driver, "c")
          .blockTime(Duration.ofMillis(50)).maxDeliveries(1).errorHandler((channel, id, error) -> { })
          .handler("jfr", "ok", Integer.class, m -> { })
          .handler("jfr", "bad", Integer.class, m -> {
            throw new IllegalStateException("always");
          }).build());
      streams.sender().sendAll("jfr", List.of(Message.of("ok", 1), Message.of("bad", 2)));
      assertThat(consumer.consumeOnce()).isEqualTo(2);
      Await.until(WAIT, () -> events.stream().filter(e -> ("jfr-" + driver).equals(e.getString("group"))).count() == 2,
          () -> "two stream handler events, seen " + events);
    }
    List<RecordedEvent> mine = events.stream().filter(e -> ("jfr-" + driver).equals(e.getString("group"))).toList();
    assertThat(mine).allSatisfy(e -> assertThat(e.getString("channel")).isEqualTo("jfr"));
    assertThat(mine).filteredOn(e -> e.getBoolean("success")).singleElement()
        .satisfies(e -> assertThat(e.getString("message")).isEqualTo("ok"));
    assertThat(mine).filteredOn(e -> !e.getBoolean("success")).singleElement()
        .satisfies(e -> assertThat(e.getString("message")).isEqualTo("bad"));
  }
}
