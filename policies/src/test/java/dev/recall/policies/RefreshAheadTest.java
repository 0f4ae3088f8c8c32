package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.RecallClient;
import dev.recall.contract.Await;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionCacheStats;
import dev.recall.function.FunctionSpec;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Refresh ahead ({@code refreshAfterWrite}) through each driver: an entry past its refresh age is returned at once
 * while exactly one background recomputation, across processes, replaces it. Two clients stand for two processes.
 * The refresh age is the point of these tests, so they wait for it to pass (on a condition, bounded).
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class RefreshAheadTest {
  private static final Duration AGE = Duration.ofMillis(200);
  private static final Duration BOUND = Duration.ofSeconds(30);

  private final String driver;
  private RedisServer server;
  private RecallClient client;
  private RecallClient otherProcess;
  private final AtomicInteger computations = new AtomicInteger();

  RefreshAheadTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void connect(RedisServer server) {
    this.server = server;
    client = Drivers.connect(server, driver);
    otherProcess = Drivers.connect(server, driver);
  }

  @AfterEach
  void close() {
    client.close();
    otherProcess.close();
  }

  private static FunctionCacheConfig config(String name) {
    return FunctionCacheConfig.builder(name).ttl(Duration.ofMinutes(1)).refreshAfterWrite(AGE).build();
  }

  /** Waits until an entry stored at {@code storedAt} (System.nanoTime) is past the refresh age. */
  private static void pastRefreshAge(long storedAt) throws InterruptedException {
    Await.until(BOUND, () -> System.nanoTime() - storedAt > AGE.toNanos() + 5_000_000, () -> "the refresh age");
  }

  @Test
  void pastItsAge_manyReadersInTwoProcesses_recomputeOnce_waitForNothing_andThenSeeTheNewValue() throws Exception {
    CountDownLatch refreshMayEnd = new CountDownLatch(1);
    Function<String, String> compute = key -> {
      int n = computations.incrementAndGet();
      if (n == 2) {
        // The refresh: blocked until every reader has returned, which proves none of them waited for it.
        try {
          refreshMayEnd.await(BOUND.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return key + "-v" + n;
    };
    Function<String, String> here = client.functionCache(config("fleet")).memoize("version", String.class, compute);
    Function<String, String> there =
        otherProcess.functionCache(config("fleet")).memoize("version", String.class, compute);
    assertThat(here.apply("k")).isEqualTo("k-v1");
    long storedAt = System.nanoTime();
    pastRefreshAge(storedAt);
    assertThat(computations).as("nobody read it, so nothing refreshed it").hasValue(1);

    ExecutorService readers = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<String>>> reads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Function<String, String> process = t % 2 == 0 ? here : there;
        reads.add(readers.submit(() -> {
          List<String> seen = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            seen.add(process.apply("k"));
          }
          return seen;
        }));
      }
      for (Future<List<String>> read : reads) {
        assertThat(read.get(BOUND.toSeconds(), TimeUnit.SECONDS)).as("the current value, at once")
            .containsOnly("k-v1");
      }
    } finally {
      readers.shutdownNow();
    }
    Await.until(BOUND, () -> computations.get() == 2, () -> "the one refresh to start");
    refreshMayEnd.countDown();
    Await.until(BOUND, () -> here.apply("k").equals("k-v2"), () -> "the refreshed value");
    assertThat(there.apply("k")).isEqualTo("k-v2");
    assertThat(computations).as("one recomputation across both processes").hasValue(2);
    FunctionCache mine = client.functionCache(config("fleet"));
    FunctionCache theirs = otherProcess.functionCache(config("fleet"));
    // The refresh is counted once its store was answered, which may be just after the value became visible.
    Await.until(BOUND, () -> mine.stats().refreshes() + theirs.stats().refreshes() == 1, () -> "the refresh count");
    FunctionCacheStats a = mine.stats();
    FunctionCacheStats b = theirs.stats();
    assertThat(a.refreshes() + b.refreshes()).isEqualTo(1);
    assertThat(a.refreshFailures() + b.refreshFailures()).isZero();
    assertThat(a.misses() + b.misses()).as("only the first call missed").isEqualTo(1);
    assertThat(a.errors() + b.errors()).isZero();
  }

  @Test
  void aFailingRefresh_keepsTheCurrentValue_andIsCounted() throws Exception {
    FunctionCache cache = client.functionCache(config("failing"));
    Function<String, String> f = cache.memoize("flaky", String.class, key -> {
      if (computations.incrementAndGet() > 1) {
        throw new IllegalStateException("backend down");
      }
      return "first";
    });
    assertThat(f.apply("k")).isEqualTo("first");
    long storedAt = System.nanoTime();
    pastRefreshAge(storedAt);
    assertThat(f.apply("k")).as("returned at once; the refresh fails in the background").isEqualTo("first");
    Await.until(BOUND, () -> cache.stats().refreshFailures() >= 1, () -> "the failed refresh to be counted");
    // The failed refresh released its lease: the next reader tries again, and still gets the current value.
    assertThat(f.apply("k")).isEqualTo("first");
    Await.until(BOUND, () -> cache.stats().refreshFailures() >= 2, () -> "the second failed refresh");
    assertThat(cache.stats().refreshes()).isZero();
    assertThat(cache.stats().loadFailures()).isGreaterThanOrEqualTo(2);
    assertThat(cache.stats().misses()).isEqualTo(1);
  }

  @Test
  void asyncForm_returnsTheCurrentValueAtOnce_andRefreshesInTheBackground() throws Exception {
    FunctionCache cache = client.functionCache(config("async-refresh"));
    CompletableFuture<String> refreshResult = new CompletableFuture<>();
    Function<String, CompletableFuture<String>> f = cache.memoizeAsync("order", String.class,
        key -> computations.incrementAndGet() == 1 ? CompletableFuture.completedFuture("v1") : refreshResult);
    assertThat(f.apply("k").get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("v1");
    long storedAt = System.nanoTime();
    pastRefreshAge(storedAt);
    assertThat(f.apply("k").get(BOUND.toSeconds(), TimeUnit.SECONDS)).as("while the refresh is pending")
        .isEqualTo("v1");
    assertThat(f.apply("k").get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("v1");
    assertThat(computations).as("one refresh started, the second read found its lease").hasValue(2);
    refreshResult.complete("v2");
    Await.until(BOUND, () -> f.apply("k").join().equals("v2"), () -> "the refreshed value");
    Await.until(BOUND, () -> cache.stats().refreshes() == 1, () -> "the refresh count");
    assertThat(computations).hasValue(2);
  }

  @Test
  void aFunctionsOwnAge_refreshesIt_inACacheThatDoesNotRefresh() throws Exception {
    FunctionCache cache = client.functionCache(
        FunctionCacheConfig.builder("per-function").policy(EvictionPolicy.LFU).ttl(Duration.ofMinutes(1)).build());
    Function<String, Integer> f = cache.memoize(
        FunctionSpec.builder("counted", Integer.class).refreshAfterWrite(AGE).build(),
        key -> computations.incrementAndGet());
    Function<String, Integer> plain = cache.memoize("plain", Integer.class, key -> computations.incrementAndGet());
    assertThat(f.apply("k")).isEqualTo(1);
    long storedAt = System.nanoTime();
    assertThat(plain.apply("k")).isEqualTo(2);
    pastRefreshAge(storedAt);
    assertThat(f.apply("k")).isEqualTo(1);
    assertThat(plain.apply("k")).as("the cache's own setting: no refresh").isEqualTo(2);
    Await.until(BOUND, () -> f.apply("k") == 3, () -> "the refreshed value");
    assertThat(plain.apply("k")).isEqualTo(2);
    Await.until(BOUND, () -> cache.stats().refreshes() == 1, () -> "the refresh count");
    assertThat(computations).hasValue(3);
  }

  @Test
  void withoutStampedeProtection_theRefreshStillTakesAPerKeyLease_andReleasesIt() throws Exception {
    FunctionCache cache = client.functionCache(
        config("no-protection").toBuilder().stampedeProtection(false).build());
    Function<String, Integer> f = cache.memoize("n", Integer.class, key -> computations.incrementAndGet());
    assertThat(f.apply("k")).isEqualTo(1);
    long storedAt = System.nanoTime();
    pastRefreshAge(storedAt);
    assertThat(f.apply("k")).isEqualTo(1);
    Await.until(BOUND, () -> f.apply("k") == 2, () -> "the refreshed value");
    assertThat(computations).hasValue(2);
    Await.until(BOUND, () -> cache.stats().refreshes() == 1, () -> "the refresh count");
    assertThat((List<?>) ((List<?>) server.command("SCAN", "0", "MATCH", "recall:fn:no-protection:*lease:*",
        "COUNT", "1000")).get(1)).as("the store released the refresh lease").isEmpty();
  }
}
