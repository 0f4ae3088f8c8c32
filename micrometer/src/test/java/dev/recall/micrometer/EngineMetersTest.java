package dev.recall.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.contract.Await;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.NearCacheConfig;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each of the engine's meters produced by the real path it counts, end to end through each driver on a real server:
 * near hits, refreshes, stale values served, stampede waits, lease lapses, corrupt entries removed, and computations
 * that ran while Redis was down (still loads).
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class EngineMetersTest {
  private static final Duration BOUND = Duration.ofSeconds(30);

  @Parameter
  String driver;

  private RedisServer server;
  private RecallClient client;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicInteger version = new AtomicInteger();

  @BeforeEach
  void connect(RedisServer server) {
    this.server = server;
    client = Recall.connect(RedisConfig.fromUrl(server.url()), driver);
  }

  @AfterEach
  void close() {
    client.close();
  }

  private double count(String name, String... tags) {
    return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
  }

  private FunctionCache monitored(FunctionCacheConfig.Builder config) {
    return RecallCacheMetrics.monitor(registry, client.functionCache(config.build()));
  }

  @Test
  void nearHits_areCountedInTheNearTier_andRemoteOnesInTheRemoteTier() throws Exception {
    FunctionCache cache = monitored(FunctionCacheConfig.builder("near-meters").nearCache(NearCacheConfig.of(100)));
    Function<String, String> f = cache.memoize("f", String.class, key -> key + version.incrementAndGet());
    // The store's own copy is a near hit once the invalidation channel is subscribed.
    Await.until(BOUND, () -> {
      f.apply("k");
      return cache.stats().nearHits() > 0;
    }, () -> "a near hit");
    long near = cache.stats().nearHits();
    f.apply("k");
    f.apply("k");

    assertThat(count("cache.gets", "result", "hit", "tier", "near")).isEqualTo(near + 2)
        .isEqualTo(cache.stats().nearHits());
    assertThat(count("cache.gets", "result", "hit", "tier", "remote")).isEqualTo(cache.stats().hits());
    assertThat(count("cache.gets", "result", "miss")).isEqualTo(cache.stats().misses());
  }

  @Test
  void aReadPastTheRefreshAge_countsOneRefresh() throws Exception {
    FunctionCache cache = monitored(FunctionCacheConfig.builder("refresh-meters").ttl(Duration.ofMinutes(1))
        .refreshAfterWrite(Duration.ofMillis(100)));
    Function<String, String> f = cache.memoize("f", String.class, key -> key + version.incrementAndGet());
    assertThat(f.apply("k")).isEqualTo("k1");
    Await.until(BOUND, () -> {
      f.apply("k");
      return count("recall.cache.refreshes", "result", "success") >= 1;
    }, () -> "a refresh");

    assertThat(count("recall.cache.refreshes", "result", "success")).isEqualTo(cache.stats().refreshes());
    Await.until(BOUND, () -> f.apply("k").equals("k2"), () -> "the refreshed value");
  }

  @Test
  void aFailedRecomputationInTheStaleWindow_countsAStaleValueServed() throws Exception {
    FunctionCache cache = monitored(FunctionCacheConfig.builder("stale-meters").ttl(Duration.ofMillis(200))
        .staleIfError(Duration.ofMinutes(1)));
    AtomicBoolean failing = new AtomicBoolean();
    Function<String, String> f = cache.memoize("f", String.class, key -> {
      if (failing.get()) {
        throw new IllegalStateException("down");
      }
      return key + version.incrementAndGet();
    });
    assertThat(f.apply("k")).isEqualTo("k1");
    failing.set(true);
    // Past the TTL the entry is stale: the failing recomputation is answered with it.
    Await.until(BOUND, () -> {
      assertThat(f.apply("k")).isEqualTo("k1");
      return count("recall.cache.stale.served") >= 1;
    }, () -> "a stale value served");

    assertThat(count("recall.cache.stale.served")).isEqualTo(cache.stats().staleServed());
    assertThat(count("cache.load", "result", "failure")).isEqualTo(cache.stats().loadFailures()).isPositive();
  }

  @Test
  void aCallerWaitingForAnotherThreadsComputation_countsAStampedeWait() throws Exception {
    FunctionCache cache = monitored(FunctionCacheConfig.builder("wait-meters"));
    CountDownLatch computing = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    Function<String, String> f = cache.memoize("f", String.class, key -> {
      computing.countDown();
      await(finish);
      return key + version.incrementAndGet();
    });
    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> f.apply("k"));
    assertThat(computing.await(10, TimeUnit.SECONDS)).isTrue();
    Thread waiter = Thread.ofPlatform().start(() -> f.apply("k"));
    // The second caller of the key waits on the first one's computation, parked on its future.
    Await.until(BOUND, () -> waiter.getState() == Thread.State.WAITING, () -> "the second caller to wait");
    finish.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("k1");
    waiter.join(10_000);

    assertThat(registry.get("recall.cache.stampede.waits").timer().count()).isEqualTo(1)
        .isEqualTo(cache.stats().stampedeWaits());
    assertThat(version).as("one computation").hasValue(1);
  }

  @Test
  void aLeaseWhoseHolderOutlivesIt_countsALapse() throws Exception {
    FunctionCacheConfig.Builder config = FunctionCacheConfig.builder("lapse-meters").leaseTime(Duration.ofMillis(200));
    try (RecallClient holderClient = Recall.connect(RedisConfig.fromUrl(server.url()), driver)) {
      FunctionCache holder = holderClient.functionCache(config.build());
      FunctionCache waiter = monitored(config);
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch finish = new CountDownLatch(1);
      Function<String, String> slow = holder.memoize("f", String.class, key -> {
        holding.countDown();
        await(finish);
        return "holder";
      });
      Function<String, String> f = waiter.memoize("f", String.class, key -> "waiter");
      CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> slow.apply("k"));
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      // The holder never stores within its lease: the waiter polls until the lease lapses, then computes itself.
      assertThat(f.apply("k")).isEqualTo("waiter");
      finish.countDown();
      held.get(10, TimeUnit.SECONDS);

      assertThat(count("recall.cache.lease.lapses")).isEqualTo(1).isEqualTo(waiter.stats().leaseLapses());
      assertThat(registry.get("recall.cache.stampede.waits").timer().count()).isEqualTo(1);
    }
  }

  @Test
  void anUnreadableEntry_isRemovedAndCounted() {
    FunctionCache cache = monitored(FunctionCacheConfig.builder("corrupt-meters"));
    Function<String, String> f = cache.memoize("f", String.class, key -> key + version.incrementAndGet());
    assertThat(f.apply("k")).isEqualTo("k1");
    String data = "recall:fn:corrupt-meters:lru:s:data";
    Object field = ((List<?>) server.command("HKEYS", data)).get(0);
    server.command("HSET", data, String.valueOf(field), "v{not json");

    assertThat(f.apply("k")).as("recomputed").isEqualTo("k2");
    assertThat(count("recall.cache.corrupt.removed")).isEqualTo(1).isEqualTo(cache.stats().corruptRemoved());
  }

  @Test
  void computationsWhileRedisIsDown_areCountedAsLoads() {
    RedisServer own = RedisServer.spawn();
    try (RecallClient outage = Recall.connect(RedisConfig.fromUrl(own.url() + "?timeout=500ms"), driver)) {
      FunctionCache cache = RecallCacheMetrics.monitor(registry,
          outage.functionCache(FunctionCacheConfig.builder("down-meters").build()));
      Function<Integer, Integer> twice = cache.memoize("twice", Integer.class, n -> n * 2);
      own.stop();

      assertThat(twice.apply(1)).as("fail-open").isEqualTo(2);
      assertThat(twice.apply(2)).isEqualTo(4);

      assertThat(cache.stats().loadSuccesses()).isEqualTo(2);
      assertThat(cache.stats().totalLoadTime()).isPositive();
      assertThat(count("cache.load", "result", "success")).isEqualTo(2);
      assertThat(registry.get("cache.load.duration").tag("result", "success").timer().count()).isEqualTo(2);
      assertThat(count("recall.cache.errors")).isEqualTo(cache.stats().errors()).isEqualTo(2);
    } finally {
      own.close();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
