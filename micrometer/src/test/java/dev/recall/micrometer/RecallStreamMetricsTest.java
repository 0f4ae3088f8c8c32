package dev.recall.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.contract.Await;
import dev.recall.stream.Consumer;
import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.Message;
import dev.recall.stream.StreamMetrics;
import dev.recall.stream.Streams;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.testkit.RedisTarget;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RecallStreamMetrics} on a real Redis through each driver: after a run with retries and a dead letter (the
 * scenario of the streams module's own test) its meters match what a counting {@link StreamMetrics} beside it saw,
 * tagged by channel, group, message name and outcome, and the pending gauge reads the group's pending count.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class RecallStreamMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  record Order(long id) {}

  /** Counts what the consumer reports, and forwards it to the meters under test. */
  static final class Counting implements StreamMetrics {
    final StreamMetrics meters;
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong dead = new AtomicLong();

    Counting(StreamMetrics meters) {
      this.meters = meters;
    }

    @Override
    public void delivered(String channel, String group, int count) {
      delivered.addAndGet(count);
      meters.delivered(channel, group, count);
    }

    @Override
    public void acknowledged(String channel, String group, List<String> entryIds) {
      acked.addAndGet(entryIds.size());
      meters.acknowledged(channel, group, entryIds);
    }

    @Override
    public void retried(String channel, String group, String entryId) {
      retried.incrementAndGet();
      meters.retried(channel, group, entryId);
    }

    @Override
    public void deadLettered(String channel, String group, String entryId) {
      dead.incrementAndGet();
      meters.deadLettered(channel, group, entryId);
    }

    @Override
    public void reclaimed(String channel, String group, int count) {
      meters.reclaimed(channel, group, count);
    }

    @Override
    public void handlerLatency(String channel, String group, String messageName, Duration latency, boolean success) {
      meters.handlerLatency(channel, group, messageName, latency, success);
    }
  }

  @Parameter
  String driver;

  private RecallClient client;
  private Streams streams;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void connect(RedisTarget target) {
    client = Recall.connect(RedisConfig.fromUrl(target.url()), driver);
    streams = client.streams();
  }

  @AfterEach
  void close() {
    client.close();
  }

  private double count(String name) {
    return registry.get(name).tags("channel", "orders", "group", "billing").counter().count();
  }

  private Timer handler(String message, String outcome) {
    return registry.get("recall.stream.handler").tags("message", message, "outcome", outcome).timer();
  }

  @Test
  void retriesAndADeadLetter_metersMatchWhatTheConsumerReported() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger flaky = new AtomicInteger();
    Counting counting = new Counting(RecallStreamMetrics.of(registry, streams, "app", "shop"));
    try (Consumer consumer = streams.consumer(ConsumerConfig.builder("billing", "w1")
        .blockTime(Duration.ofMillis(50)).retryBackoff(Duration.ofMillis(10), Duration.ofMillis(40))
        .maxDeliveries(3).metrics(counting).errorHandler((channel, id, error) -> { })
        .handler("orders", "poison", Order.class, m -> {
          attempts.incrementAndGet();
          throw new IllegalStateException("cannot bill order " + m.body().id());
        })
        .handler("orders", "flaky", Order.class, m -> {
          if (flaky.incrementAndGet() < 3) {
            throw new IllegalStateException("not yet");
          }
        }).build())) {
      streams.sender().send("orders", Message.of("poison", new Order(13)));
      streams.sender().send("orders", Message.of("flaky", new Order(14)));
      consumer.start();
      Await.until(WAIT, () -> streams.deadLetterCount("orders") == 1 && counting.acked.get() == 1,
          () -> "a dead letter and an ack");
      Await.until(WAIT, () -> streams.pending("orders", "billing") == 0, () -> "nothing pending");
    }

    assertThat(counting.retried).hasValue(4);
    assertThat(counting.dead).hasValue(1);
    assertThat(count("recall.stream.delivered")).isEqualTo(counting.delivered.get()).isEqualTo(6);
    assertThat(count("recall.stream.acknowledged")).isEqualTo(counting.acked.get());
    assertThat(count("recall.stream.retried")).isEqualTo(counting.retried.get());
    assertThat(count("recall.stream.dead.lettered")).isEqualTo(counting.dead.get());
    assertThat(count("recall.stream.reclaimed")).isZero();
    assertThat(handler("poison", "failure").count()).isEqualTo(attempts.get()).isEqualTo(3);
    assertThat(handler("poison", "success").count()).isZero();
    assertThat(handler("flaky", "failure").count()).isEqualTo(2);
    assertThat(handler("flaky", "success").count()).isEqualTo(1);
    assertThat(registry.get("recall.stream.pending").tags("channel", "orders", "group", "billing").gauge().value())
        .isZero();
    assertThat(registry.getMeters()).extracting(Meter::getId).allSatisfy(id -> assertThat(id.getTags())
        .contains(Tag.of("channel", "orders"), Tag.of("group", "billing"), Tag.of("app", "shop")));
  }
}
