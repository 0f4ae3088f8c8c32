package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RecallTimeoutException;
import dev.recall.RedisConfig;
import dev.recall.contract.Await;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The function cache under faults, through each driver: a private server killed and restarted under load, and a
 * server paused past the command timeout. Each test owns its server, so killing it disturbs no other test.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
class FunctionCacheFaultTest {
  /** The function cache's logger (System.Logger maps onto java.util.logging when nothing else is installed). */
  private static final Logger CACHE_LOG = Logger.getLogger(FunctionCache.class.getName());

  private final String driver;
  private final Queue<LogRecord> logged = new ConcurrentLinkedQueue<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private RedisServer server;
  private RecallClient client;

  FunctionCacheFaultTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void start() {
    CACHE_LOG.addHandler(capture);
    server = RedisServer.spawn();
    client = Recall.connect(RedisConfig.fromUrl(server.url() + "?timeout=300ms&connectTimeout=300ms"), driver);
  }

  @AfterEach
  void stop() {
    CACHE_LOG.removeHandler(capture);
    try {
      client.close();
    } finally {
      server.close();
    }
  }

  private long logs(String cache, Level level) {
    return logged.stream().filter(r -> r.getLevel() == level && r.getParameters() != null
        && cache.equals(r.getParameters()[0])).count();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Await.until(Duration.ofSeconds(10), condition, () -> what);
  }

  @Test
  @Timeout(30)
  void killAndRestartTwice_underEightThreads_failOpenAnswersEveryCall_andRecovers() throws Exception {
    FunctionCache cache = client.functionCache("faults-" + driver);
    Function<Integer, Long> f = cache.memoize("triple", Long.class, n -> n * 3L + 1);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong calls = new AtomicLong();
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> workers = new ArrayList<>();
    try {
      for (int t = 0; t < 8; t++) {
        Random random = new Random(t);
        workers.add(pool.submit(() -> {
          while (running.get()) {
            int n = random.nextInt(50);
            try {
              Long value = f.apply(n);
              if (value == null || value != n * 3L + 1) {
                failures.add(new AssertionError("f(" + n + ") returned " + value));
              }
            } catch (Throwable e) {
              failures.add(e);
            }
            calls.incrementAndGet();
          }
        }));
      }
      await("first hits", () -> cache.stats().hits() > 100);
      for (int outage = 1; outage <= 2; outage++) {
        server.kill();
        long errorsAtKill = cache.stats().errors();
        long callsAtKill = calls.get();
        // Enough failed calls that every pooled connection met the dead server, and every thread kept answering.
        await("calls during outage " + outage,
            () -> cache.stats().errors() > errorsAtKill + 200 && calls.get() > callsAtKill + 200);
        server.restart();
        long hitsAtRestart = cache.stats().hits();
        int ended = outage;
        await("hits after restart " + outage, () -> cache.stats().hits() > hitsAtRestart + 100);
        await("the end of outage " + outage + " logged", () -> logs("faults-" + driver, Level.INFO) == ended);
      }
    } finally {
      running.set(false);
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    assertThat(failures).as("calls that threw or returned a wrong value").isEmpty();
    assertThat(cache.stats().errors()).isGreaterThan(400);
    // Logged once per outage, not once per failed call.
    assertThat(logs("faults-" + driver, Level.WARNING)).isEqualTo(2);
    assertThat(logs("faults-" + driver, Level.INFO)).isEqualTo(2);
    // The client was never replaced: the cache serves hits from the restarted server.
    assertThat(server.command("DBSIZE")).isNotEqualTo(0L);
  }

  @Test
  @Timeout(30)
  void pausedServer_pastTheCommandTimeout_failOpenReturnsTheValue_failClosedThrowsATimeout() throws Exception {
    FunctionCache open = client.functionCache("slow-open");
    FunctionCache closed = client.functionCache(FunctionCacheConfig.builder("slow-closed").failOpen(false).build());
    Function<Integer, Integer> lenient = open.memoize("square", Integer.class, n -> n * n);
    Function<Integer, Integer> strict = closed.memoize("square", Integer.class, n -> n * n);
    assertThat(lenient.apply(3)).isEqualTo(9);
    assertThat(strict.apply(3)).isEqualTo(9);
    long pauseMillis = 4000;
    server.command("CLIENT", "PAUSE", Long.toString(pauseMillis), "ALL");
    try {
      long started = System.nanoTime();
      assertThat(lenient.apply(4)).isEqualTo(16);
      assertThat(lenient.apply(3)).isEqualTo(9);
      assertThatThrownBy(() -> strict.apply(5)).isInstanceOf(RecallTimeoutException.class);
      // Bounded by the command timeout, not by the pause: all three calls ended while the server still slept.
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(pauseMillis - 500));
      assertThat(open.stats().errors()).isPositive();
      assertThat(closed.stats().errors()).isPositive();
    } finally {
      server.command("CLIENT", "UNPAUSE");
    }
    // Working again once the server answers, on the same client.
    await("a hit after the pause", () -> {
      long hits = open.stats().hits();
      lenient.apply(3);
      return open.stats().hits() > hits;
    });
    assertThat(strict.apply(3)).isEqualTo(9);
  }
}
