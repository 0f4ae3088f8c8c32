package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.contract.Await;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.testkit.RedisServer;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The function cache's JFR events, read back from a {@link RecordingStream} in this JVM: a load (cache, function,
 * outcome, a duration covering the computation), a stampede wait, and an outage spanning a stopped and restarted
 * server. Each test owns its server, so stopping it disturbs no other test.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
class FunctionCacheJfrTest {
  private static final Duration BOUND = Duration.ofSeconds(15);

  private final String driver;
  private final Queue<RecordedEvent> loads = new ConcurrentLinkedQueue<>();
  private final Queue<RecordedEvent> waits = new ConcurrentLinkedQueue<>();
  private final Queue<RecordedEvent> outages = new ConcurrentLinkedQueue<>();
  private RedisServer server;
  private RecallClient client;
  private RecordingStream recording;

  FunctionCacheJfrTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void start() {
    server = RedisServer.spawn();
    client = Recall.connect(RedisConfig.fromUrl(server.url() + "?timeout=300ms&connectTimeout=300ms"), driver);
    // A load before any recording: the events must still be seen once a recording starts later.
    Function<Integer, Integer> early = client.functionCache("jfr-early").memoize("early", Integer.class, n -> n);
    assertThat(early.apply(1)).isEqualTo(1);
    recording = new RecordingStream();
    // Thresholds at zero: the events' default thresholds (20 ms) would hide these quick calls.
    recording.enable("dev.recall.Load").withThreshold(Duration.ZERO);
    recording.enable("dev.recall.StampedeWait").withThreshold(Duration.ZERO);
    recording.enable("dev.recall.Outage");
    recording.onEvent("dev.recall.Load", loads::add);
    recording.onEvent("dev.recall.StampedeWait", waits::add);
    recording.onEvent("dev.recall.Outage", outages::add);
    recording.startAsync();
  }

  @AfterEach
  void stop() {
    try {
      recording.close();
      client.close();
    } finally {
      server.close();
    }
  }

  @Test
  @Timeout(60)
  void loads_areRecorded_withCacheFunctionOutcomeAndDuration() throws Exception {
    String cache = "jfr-loads-" + driver;
    FunctionCache functions = client.functionCache(cache);
    Function<Integer, Integer> slow = functions.memoize("slow", Integer.class, n -> {
      sleep(Duration.ofMillis(20));
      return n;
    });
    Function<Integer, Integer> failing = functions.memoize("failing", Integer.class, n -> {
      throw new IllegalStateException("no");
    });
    assertThat(slow.apply(1)).isEqualTo(1);
    assertThat(slow.apply(1)).as("a hit: no load event").isEqualTo(1);
    assertThatThrownBy(() -> failing.apply(1)).isInstanceOf(IllegalStateException.class);

    await("two load events of " + cache, () -> ofCache(loads, cache) == 2);
    RecordedEvent success = loads.stream().filter(e -> cache.equals(e.getString("cache"))
        && "slow".equals(e.getString("function"))).findFirst().orElseThrow();
    assertThat(success.getString("outcome")).isEqualTo("success");
    assertThat(success.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
    RecordedEvent failure = loads.stream().filter(e -> cache.equals(e.getString("cache"))
        && "failing".equals(e.getString("function"))).findFirst().orElseThrow();
    assertThat(failure.getString("outcome")).isEqualTo("failure");
  }

  @Test
  @Timeout(60)
  void stampedeWait_isRecorded() throws Exception {
    String cache = "jfr-waits-" + driver;
    CountDownLatch computing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Function<String, String> slow = client.functionCache(cache).memoize("slow", String.class, key -> {
      computing.countDown();
      await(release);
      return key;
    });
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    try {
      Future<String> leader = threads.submit(() -> slow.apply("k"));
      assertThat(computing.await(10, TimeUnit.SECONDS)).isTrue();
      Future<String> follower = threads.submit(() -> slow.apply("k"));
      FunctionCache stats = client.functionCache(cache);
      await("the follower's miss", () -> stats.stats().misses() == 2);
      release.countDown();
      assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("k");
      assertThat(follower.get(10, TimeUnit.SECONDS)).isEqualTo("k");
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
    await("a stampede wait event of " + cache, () -> ofCache(waits, cache) == 1);
    assertThat(waits.stream().filter(e -> cache.equals(e.getString("cache"))).findFirst().orElseThrow()
        .getString("function")).isEqualTo("slow");
  }

  @Test
  @Timeout(60)
  void outage_isRecordedOnceRedisAnswersAgain_spanningTheOutage() throws Exception {
    String cache = "jfr-outage-" + driver;
    FunctionCache functions = client.functionCache(FunctionCacheConfig.builder(cache).build());
    Function<Integer, Integer> twice = functions.memoize("twice", Integer.class, n -> n * 2);
    assertThat(twice.apply(1)).isEqualTo(2);
    server.stop();
    long stopped = System.nanoTime();
    assertThat(twice.apply(2)).as("fail-open while Redis is down").isEqualTo(4);
    assertThat(functions.stats().errors()).isPositive();
    server.restart();
    // Calls go on until one is answered by Redis past the outage's quiet time, which ends the outage.
    await("the outage event of " + cache, () -> {
      assertThat(twice.apply(3)).isEqualTo(6);
      return ofCache(outages, cache) == 1;
    });
    long downFor = System.nanoTime() - stopped;
    RecordedEvent outage = outages.stream().filter(e -> cache.equals(e.getString("cache"))).findFirst()
        .orElseThrow();
    assertThat(outage.getString("cause")).isNotBlank();
    assertThat(outage.getLong("failures")).as("the failed call counted").isPositive()
        .isLessThanOrEqualTo(functions.stats().errors());
    assertThat(outage.getDuration()).as("from the first failure to the answer after it")
        .isPositive().isLessThanOrEqualTo(Duration.ofNanos(downFor));
  }

  private static long ofCache(Queue<RecordedEvent> events, String cache) {
    return events.stream().filter(e -> cache.equals(e.getString("cache"))).count();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Await.until(BOUND, condition, () -> what);
  }


  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The computation's known duration: the load event must cover it. */
  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
