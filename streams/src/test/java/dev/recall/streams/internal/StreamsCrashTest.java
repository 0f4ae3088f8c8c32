package dev.recall.streams.internal;

import static dev.recall.streams.internal.StreamsTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.stream.Consumer;
import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.Message;
import dev.recall.stream.Sender;
import dev.recall.stream.Streams;
import dev.recall.testkit.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server crash (SIGKILL) and restart in the middle of a 50,000-message run, with persistence on
 * ({@code appendfsync always}, as a production server that must not lose messages would run): every message is
 * processed at least once, nothing is left unacknowledged, and no more than the batches in flight around the crash
 * are processed twice (acknowledged work is not redelivered).
 */
@ParameterizedClass
@ValueSource(strings = {"lettuce", "jedis"})
class StreamsCrashTest {
  private static final int TOTAL = 50_000;
  private static final int BATCH = 200;

  @Parameter
  String driver;

  @Test
  void serverCrashMidRun_losesNoMessage_andRedeliversOnlyWhatWasInFlight(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    try (RedisServer server = RedisServer.spawn("--appendonly", "yes", "--appendfsync", "always",
            "--dir", data.toString());
        RecallClient client = Recall.connect(RedisConfig.fromUrl(server.url()).toBuilder()
            .commandTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(1)).build(), driver)) {
      Streams streams = client.streams();
      Map<Integer, AtomicInteger> handled = new ConcurrentHashMap<>();
      AtomicBoolean crashed = new AtomicBoolean();
      AtomicInteger handledTwiceBeforeCrash = new AtomicInteger();
      // Reclaim waits longer than any handler takes, so only messages whose acknowledgement the crash lost come back.
      Consumer consumer = streams.consumer(ConsumerConfig.builder("workers", "w1")
          .blockTime(Duration.ofMillis(50)).batchSize(BATCH).concurrency(16)
          .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(40)).reclaimIdle(Duration.ofSeconds(3))
          .handler("load", Integer.class, m -> {
            int times = handled.computeIfAbsent(m.body(), k -> new AtomicInteger()).incrementAndGet();
            if (times > 1 && !crashed.get()) {
              handledTwiceBeforeCrash.incrementAndGet();
            }
          }).build());
      consumer.start();
      Sender sender = streams.sender();
      for (int from = 0; from < TOTAL; from += 5000) {
        int start = from;
        sender.sendAll("load", IntStream.range(start, start + 5000).mapToObj(i -> Message.of("n", i)).toList());
      }
      assertThat(server.command("XLEN", new String(StreamKeys.stream("load"), java.nio.charset.StandardCharsets.UTF_8))).isEqualTo((long) TOTAL);

      await(Duration.ofSeconds(20), () -> handled.size() >= TOTAL / 5, () -> handled.size() + " handled");
      long start = System.nanoTime();
      crashed.set(true);
      server.kill();
      int atCrash = handled.size();
      assertThat(atCrash).as("the crash came mid-run").isLessThan(TOTAL);
      server.restart();
      assertThat(server.command("XLEN", new String(StreamKeys.stream("load"), java.nio.charset.StandardCharsets.UTF_8))).as("the stream survived the crash").isEqualTo((long) TOTAL);

      await(Duration.ofSeconds(25), () -> handled.size() == TOTAL, () -> handled.size() + " of " + TOTAL);
      await(Duration.ofSeconds(10), () -> {
        try {
          return streams.pending("load", "workers") == 0;
        } catch (RuntimeException e) {
          return false;
        }
      }, () -> "every message acknowledged");
      consumer.stop(Duration.ofSeconds(2));

      long twice = handled.values().stream().filter(n -> n.get() > 1).count();
      assertThat(handledTwiceBeforeCrash).as("no message processed twice before the crash").hasValue(0);
      // Only the batches in flight around the crash (fetched, their acknowledgements lost with the server or with a
      // connection it broke) can be processed again; acknowledged work is not redelivered.
      assertThat(twice).as("messages processed twice").isLessThanOrEqualTo(2L * BATCH);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(40));
      List<Integer> missing = IntStream.range(0, TOTAL).filter(i -> !handled.containsKey(i)).boxed().toList();
      assertThat(missing).isEmpty();
    }
  }
}
