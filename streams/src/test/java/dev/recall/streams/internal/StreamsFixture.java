package dev.recall.streams.internal;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.stream.Consumer;
import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.Streams;
import dev.recall.testkit.RedisTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream test's client through one driver, its streams, and the consumers it started, which {@link #close()}
 * stops (bounded) before closing the client.
 */
final class StreamsFixture implements AutoCloseable {
  final RecallClient client;
  final Streams streams;
  private final List<Consumer> consumers = new ArrayList<>();

  StreamsFixture(RedisTarget target, String driver) {
    client = Recall.connect(RedisConfig.fromUrl(target.url()), driver);
    streams = client.streams();
  }

  /** A consumer built from {@code config}, stopped after the test. */
  Consumer consumer(ConsumerConfig config) {
    return stopAfterTest(streams.consumer(config));
  }

  /** Stops {@code consumer} after the test; returns it. */
  Consumer stopAfterTest(Consumer consumer) {
    consumers.add(consumer);
    return consumer;
  }

  /** A consumer config that reads, retries and reclaims quickly, for tests. */
  static ConsumerConfig.Builder quick(String group, String name) {
    return ConsumerConfig.builder(group, name).blockTime(Duration.ofMillis(50))
        .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(40)).reclaimIdle(Duration.ofMillis(300));
  }

  @Override
  public void close() {
    consumers.forEach(consumer -> consumer.stop(Duration.ofSeconds(2)));
    client.close();
  }
}
