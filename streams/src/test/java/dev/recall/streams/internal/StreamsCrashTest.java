package dev.recall.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.contract.Await;
import dev.recall.stream.Consumer;
import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.Message;
import dev.recall.stream.StreamMetrics;
import dev.recall.testkit.RedisServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Consumer crashes, a graceful consumer restart and a server crash (SIGKILL, with {@code appendfsync always} as a
 * production server that must not lose messages would run) in the middle of one 50,000-message run. Checked message
 * by message: every message is processed at least once, no entry is delivered again once the server confirmed its
 * acknowledgement, only the batches in flight at a crash are processed twice, and after the clean-up nothing is
 * left in the stream nor delivered again.
 */
@ParameterizedClass
@ValueSource(strings = {"lettuce", "jedis"})
class StreamsCrashTest {
  private static final int TOTAL = 50_000;
  private static final int BATCH = 200;
  private static final String CHANNEL = "load";
  private static final String GROUP = "workers";

  @Parameter
  String driver;

  private final List<AutoCloseable> open = new ArrayList<>();
  /** Per message body: how many times a handler ran for it. */
  private final Map<Integer, AtomicInteger> handled = new ConcurrentHashMap<>();
  /** Entry ids whose acknowledgement the server confirmed (reported by the consumer's metrics hook). */
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  /** Handler calls so far, and what to break when they reach a count (run once, inside that handler). */
  private final AtomicInteger calls = new AtomicInteger();
  private final Map<Integer, Runnable> faults = new ConcurrentHashMap<>();
  /** Entries delivered to a handler after their acknowledgement was confirmed: must stay empty. */
  private final List<String> redeliveredAfterAck = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : open.reversed()) {
      closeable.close();
    }
  }

  @Test
  void consumerAndServerRestartsMidRun_loseNothing_andNeverRedeliverAcknowledgedEntries(@TempDir Path dir)
      throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    RedisServer server = track(RedisServer.spawn("--appendonly", "yes", "--appendfsync", "always",
        "--dir", data.toString()));
    RecallClient admin = connect(server);
    // In chunks: one 50,000-command batch under appendfsync always can outlast the 1 s timeout on a busy machine.
    for (int from = 0; from < TOTAL; from += 5_000) {
      admin.streams().sender().sendAll(CHANNEL,
          IntStream.range(from, from + 5_000).mapToObj(i -> Message.of("n", i)).toList());
    }
    assertThat(xlen(server)).isEqualTo(TOTAL);
    long start = System.nanoTime();

    // 1. A consumer process dies mid-batch: a handler pulls its connections away, so the batch it is in is handled
    //    but never acknowledged.
    RecallClient crashing = connect(server);
    CountDownLatch consumerCrashed = new CountDownLatch(1);
    faults.put(TOTAL / 5, () -> {
      crashing.close();
      consumerCrashed.countDown();
    });
    Consumer first = consumer(crashing, "w1");
    first.start();
    assertThat(consumerCrashed.await(30, TimeUnit.SECONDS)).as("the consumer crashed").isTrue();
    first.stop(Duration.ZERO);

    // 2. Its replacement (a new name) takes over; the entries the dead one held come back once idle past the
    //    reclaim threshold.
    RecallClient survivor = connect(server);
    CountDownLatch serverKilled = new CountDownLatch(1);
    faults.put(2 * TOTAL / 5, () -> {
      server.kill(); // 3. the server dies while a batch is being handled: its acknowledgement cannot land
      serverKilled.countDown();
    });
    Consumer second = consumer(survivor, "w2");
    second.start();
    assertThat(serverKilled.await(30, TimeUnit.SECONDS)).as("the server was killed").isTrue();
    server.restart();
    assertThat(xlen(server)).as("the stream survived the crash").isEqualTo(TOTAL);
    awaitHandled(3 * TOTAL / 5);

    // 4. A graceful restart (a deploy): the running handlers finish and are acknowledged before it stops; and the
    //    crashed consumer comes back under its old name.
    assertThat(second.stop(Duration.ofSeconds(10))).as("stopped within its deadline").isTrue();
    Consumer third = consumer(survivor, "w2");
    third.start();
    Consumer restarted = consumer(connect(server), "w1");
    restarted.start();

    Await.until(Duration.ofSeconds(60), () -> handled.size() == TOTAL,
        () -> handled.size() + " of " + TOTAL + " handled");
    Await.until(Duration.ofSeconds(20), () -> pending(admin) == 0, () -> "every message acknowledged");
    third.stop(Duration.ofSeconds(5));
    restarted.stop(Duration.ofSeconds(5));

    assertThat(IntStream.range(0, TOTAL).filter(i -> !handled.containsKey(i)).boxed().toList())
        .as("messages never processed").isEmpty();
    assertThat(redeliveredAfterAck).as("entries delivered again after their acknowledgement was confirmed").isEmpty();
    assertThat(acknowledged).as("acknowledgements confirmed").hasSize(TOTAL);
    // What was in flight at the two crashes (a batch each: handled, its acknowledgement lost) runs again, and only
    // that.
    long twice = handled.values().stream().filter(n -> n.get() > 1).count();
    assertThat(twice).as("messages processed twice").isPositive().isLessThanOrEqualTo(2L * BATCH);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(90));

    // 5. Clean-up deletes every acknowledged entry; a consumer started afterwards has nothing to deliver.
    assertThat(admin.streams().cleanUp(CHANNEL)).isEqualTo(TOTAL);
    assertThat(xlen(server)).isZero();
    int before = handled.values().stream().mapToInt(AtomicInteger::get).sum();
    Consumer late = consumer(admin, "w3");
    assertThat(late.consumeOnce()).isZero();
    late.close();
    assertThat(handled.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(before);
  }

  private Consumer consumer(RecallClient client, String name) {
    // Reclaim waits far longer than a handler and its acknowledgement take, so only entries whose holder died (or
    // whose acknowledgement the server crash lost) come back.
    return track(client.streams().consumer(ConsumerConfig.builder(GROUP, name)
        .blockTime(Duration.ofMillis(50)).batchSize(BATCH).concurrency(16)
        .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(40)).reclaimIdle(Duration.ofSeconds(3))
        .metrics(new StreamMetrics() {
          @Override
          public void acknowledged(String channel, String group, List<String> entryIds) {
            acknowledged.addAll(entryIds);
          }
        })
        .handler(CHANNEL, Integer.class, m -> {
          if (acknowledged.contains(m.id())) {
            redeliveredAfterAck.add(m.id());
          }
          handled.computeIfAbsent(m.body(), k -> new AtomicInteger()).incrementAndGet();
          Runnable fault = faults.remove(calls.incrementAndGet());
          if (fault != null) {
            fault.run();
          }
        }).build()));
  }

  private RecallClient connect(RedisServer server) {
    return track(Recall.connect(RedisConfig.fromUrl(server.url()).toBuilder()
        .commandTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(1)).build(), driver));
  }

  private void awaitHandled(int count) throws InterruptedException {
    Await.until(Duration.ofSeconds(30), () -> handled.size() >= count,
        () -> handled.size() + " of " + count + " handled");
    assertThat(handled.size()).as("the fault comes mid-run").isLessThan(TOTAL);
  }

  private static long pending(RecallClient client) {
    try {
      return client.streams().pending(CHANNEL, GROUP);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static long xlen(RedisServer server) {
    return (Long) server.command("XLEN", new String(StreamKeys.stream(CHANNEL), StandardCharsets.UTF_8));
  }

  private <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }
}
