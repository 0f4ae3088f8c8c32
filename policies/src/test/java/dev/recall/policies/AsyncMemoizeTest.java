package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RecallException;
import dev.recall.RedisConfig;
import dev.recall.contract.Await;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionCacheStats;
import dev.recall.function.FunctionSpec;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Async memoization ({@code memoizeAsync}) through each driver: the same core path as the synchronous forms
 * (stats, single flight, the lease across processes, fail-open), without blocking a thread. The computations'
 * futures are completed by the tests themselves, so every call is a miss in flight when it is made.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class AsyncMemoizeTest {
  private static final Duration BOUND = Duration.ofSeconds(30);

  private final String driver;
  private RedisServer server;
  private RecallClient client;
  /** A second client stands for another process: its own connections and its own in-JVM state. */
  private RecallClient otherProcess;
  private FunctionCache cache;
  private final AtomicInteger computations = new AtomicInteger();

  AsyncMemoizeTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void connect(RedisServer server) {
    this.server = server;
    client = Drivers.connect(server, driver);
    otherProcess = Drivers.connect(server, driver);
    cache = client.functionCache("async");
  }

  @AfterEach
  void close() {
    client.close();
    otherProcess.close();
  }

  @Test
  void everyForm_missesThenHits_andCountsAsTheSyncForms() throws Exception {
    Function<Integer, CompletableFuture<Long>> square = cache.memoizeAsync("square", Long.class, n -> {
      computations.incrementAndGet();
      return CompletableFuture.completedFuture((long) n * n);
    });
    Supplier<CompletableFuture<String>> hello = cache.memoizeAsync("hello", String.class, () -> {
      computations.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> "hello");
    });
    BiFunction<Integer, Integer, CompletableFuture<Integer>> sum = cache.memoizeAsync("sum", Integer.class,
        (a, b) -> {
          computations.incrementAndGet();
          return CompletableFuture.completedFuture(a + b);
        });
    for (int round = 0; round < 2; round++) {
      assertThat(square.apply(7).get(10, TimeUnit.SECONDS)).isEqualTo(49L);
      assertThat(hello.get().get(10, TimeUnit.SECONDS)).isEqualTo("hello");
      assertThat(sum.apply(2, 3).get(10, TimeUnit.SECONDS)).isEqualTo(5);
    }
    assertThat(computations).hasValue(3);
    FunctionCacheStats stats = cache.stats();
    assertThat(stats.hits()).isEqualTo(3);
    assertThat(stats.misses()).isEqualTo(3);
    assertThat(stats.stores()).isEqualTo(3);
    assertThat(stats.loadSuccesses()).isEqualTo(3);
    assertThat(cache.size()).isEqualTo(3);
    // The sync form of the same name reads what the async form stored.
    Function<Integer, Long> syncSquare = cache.memoize("square", Long.class, n -> -1L);
    assertThat(syncSquare.apply(7)).isEqualTo(49L);
  }

  @Test
  void specForm_keepsConditionAndIgnoredArguments() throws Exception {
    FunctionSpec<String> spec = FunctionSpec.builder("greet", String.class)
        .ignoreArguments(1)
        .cacheIf(args -> !"nocache".equals(args.get(0)))
        .build();
    BiFunction<String, Object, CompletableFuture<String>> greet = cache.memoizeAsync(spec, (who, trace) -> {
      computations.incrementAndGet();
      return CompletableFuture.completedFuture("hi " + who);
    });
    assertThat(greet.apply("ann", 1).get(10, TimeUnit.SECONDS)).isEqualTo("hi ann");
    assertThat(greet.apply("ann", 2).get(10, TimeUnit.SECONDS)).as("argument 1 ignored").isEqualTo("hi ann");
    assertThat(computations).hasValue(1);
    greet.apply("nocache", 1).get(10, TimeUnit.SECONDS);
    greet.apply("nocache", 1).get(10, TimeUnit.SECONDS);
    assertThat(computations).as("never cached").hasValue(3);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  @Timeout(120)
  void tenThousandCalls_overFiveColdKeys_computeOncePerKey_withCallersOnTwoThreads() throws Exception {
    Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
    Function<Integer, CompletableFuture<String>> f = cache.memoizeAsync("cold", String.class, key -> {
      runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      return pending.computeIfAbsent(key, k -> new CompletableFuture<>());
    });
    // Two caller threads: any call that blocked (on Redis, the computation or another caller) would hold one.
    ExecutorService callers = Executors.newFixedThreadPool(2);
    Queue<CompletableFuture<String>> results = new ConcurrentLinkedQueue<>();
    try {
      for (int i = 0; i < 10_000; i++) {
        int key = i % 5;
        callers.execute(() -> results.add(f.apply(key)));
      }
      callers.shutdown();
      assertThat(callers.awaitTermination(BOUND.toSeconds(), TimeUnit.SECONDS))
          .as("every call returned its future at once").isTrue();
    } finally {
      callers.shutdownNow();
    }
    assertThat(results).hasSize(10_000);
    waitUntil(() -> pending.size() == 5, "every key's computation started");
    assertThat(results).as("nothing completes before the computations").noneMatch(CompletableFuture::isDone);
    pending.forEach((key, future) -> future.complete("v" + key));
    CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(BOUND.toSeconds(), TimeUnit.SECONDS);
    List<String> wrong = new ArrayList<>();
    for (CompletableFuture<String> result : results) {
      String value = result.join();
      if (!value.matches("v[0-4]")) {
        wrong.add(value);
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(runs).hasSize(5).allSatisfy((key, count) -> assertThat(count).as("key " + key).hasValue(1));
    FunctionCacheStats stats = cache.stats();
    assertThat(stats.loads()).isEqualTo(5);
    assertThat(stats.stores()).isEqualTo(5);
    assertThat(stats.hits() + stats.misses()).isEqualTo(10_000);
  }

  @Test
  void exceptionalCompletion_reachesEveryWaiterUnchanged_andIsNotCached() throws Exception {
    List<CompletableFuture<String>> computing = new ArrayList<>();
    Function<String, CompletableFuture<String>> f = cache.memoizeAsync("failing", String.class, key -> {
      computations.incrementAndGet();
      CompletableFuture<String> future = new CompletableFuture<>();
      synchronized (computing) {
        computing.add(future);
      }
      return future;
    });
    List<CompletableFuture<String>> waiters = new ArrayList<>();
    waiters.add(f.apply("k"));
    // The others call once the first computes, so they join its flight (a caller whose read beat the leader's
    // registration would poll the lease instead, and compute itself once the failed leader released it).
    waitUntil(() -> computations.get() == 1, "the first computation");
    for (int i = 1; i < 20; i++) {
      waiters.add(f.apply("k"));
    }
    waitUntil(() -> computations.get() == 1 && cache.stats().misses() == 20, "every caller missed");
    IllegalStateException boom = new IllegalStateException("boom");
    computing.get(0).completeExceptionally(boom);
    for (CompletableFuture<String> waiter : waiters) {
      assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isSameAs(boom);
    }
    assertThat(cache.stats().loadFailures()).isEqualTo(1);
    assertThat(cache.stats().stores()).isZero();
    // Not cached (and the lease was released): the next call computes again, at once.
    CompletableFuture<String> again = f.apply("k");
    waitUntil(() -> computations.get() == 2, "the second computation");
    synchronized (computing) {
      computing.get(1).complete("ok");
    }
    assertThat(again.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
  }

  @Test
  void cancellingOneCallersFuture_leavesTheSharedComputationToTheOthers() throws Exception {
    CompletableFuture<String> computing = new CompletableFuture<>();
    Function<String, CompletableFuture<String>> f = cache.memoizeAsync("shared", String.class, key -> {
      computations.incrementAndGet();
      return computing;
    });
    CompletableFuture<String> first = f.apply("k");
    CompletableFuture<String> second = f.apply("k");
    waitUntil(() -> computations.get() == 1 && cache.stats().misses() == 2, "both callers missed");
    assertThat(first.cancel(true)).isTrue();
    assertThat(computing).as("the shared computation").isNotCancelled();
    computing.complete("done");
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("done");
    assertThatThrownBy(first::join).isInstanceOf(CancellationException.class);
    assertThat(computations).hasValue(1);
    waitUntil(() -> cache.stats().stores() == 1, "the store");
    assertThat(f.apply("k").get(10, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(computations).hasValue(1);
  }

  @Test
  void otherProcessHoldingTheLease_theAsyncWaiterPollsAndGetsItsValue() throws Exception {
    CompletableFuture<String> leaderComputing = new CompletableFuture<>();
    AtomicInteger followerRuns = new AtomicInteger();
    FunctionCache leaderCache = client.functionCache(
        FunctionCacheConfig.builder("async-lease").leaseTime(Duration.ofSeconds(30)).build());
    FunctionCache followerCache = otherProcess.functionCache(
        FunctionCacheConfig.builder("async-lease").leaseTime(Duration.ofSeconds(30)).build());
    Function<String, CompletableFuture<String>> leader = leaderCache.memoizeAsync("f", String.class, key -> {
      computations.incrementAndGet();
      return leaderComputing;
    });
    Function<String, CompletableFuture<String>> follower = followerCache.memoizeAsync("f", String.class, key -> {
      followerRuns.incrementAndGet();
      return CompletableFuture.completedFuture("from follower");
    });
    CompletableFuture<String> first = leader.apply("k");
    waitUntil(() -> computations.get() == 1, "the leader computing");
    CompletableFuture<String> second = follower.apply("k");
    // The follower's miss found the leader's lease: it is polling now.
    waitUntil(() -> followerCache.stats().misses() == 1, "the follower's miss");
    assertThat(second).as("waits while the leader computes").isNotDone();
    leaderComputing.complete("from leader");
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("from leader");
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("from leader");
    assertThat(followerRuns).hasValue(0);
    assertThat(followerCache.stats().stampedeWaits()).isEqualTo(1);
    assertThat(followerCache.stats().leaseLapses()).isZero();
    assertThat(followerCache.stats().stores()).isZero();
    assertThat(leaderCache.stats().stores()).isEqualTo(1);
  }

  @Test
  void bypassAndRefresh_applyToTheAsyncCallMadeInside() throws Exception {
    AtomicInteger version = new AtomicInteger();
    Function<String, CompletableFuture<Integer>> f = cache.memoizeAsync("versioned", Integer.class, key -> {
      computations.incrementAndGet();
      return CompletableFuture.completedFuture(version.incrementAndGet());
    });
    assertThat(f.apply("k").get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(cache.bypass(() -> f.apply("k")).get(10, TimeUnit.SECONDS)).as("computed, not stored").isEqualTo(2);
    assertThat(f.apply("k").get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(cache.refresh(() -> f.apply("k")).get(10, TimeUnit.SECONDS)).as("recomputed and stored")
        .isEqualTo(3);
    assertThat(f.apply("k").get(10, TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(computations).hasValue(3);
  }

  @Test
  void leaseHolderThatNeverFinishes_theAsyncWaiterComputesOnceTheLeaseLapses() throws Exception {
    Duration lease = Duration.ofSeconds(2);
    FunctionCache stuckCache = client.functionCache(
        FunctionCacheConfig.builder("async-lapse").leaseTime(lease).build());
    FunctionCache otherCache = otherProcess.functionCache(
        FunctionCacheConfig.builder("async-lapse").leaseTime(lease).build());
    Function<String, CompletableFuture<String>> stuck = stuckCache.memoizeAsync("f", String.class, key -> {
      computations.incrementAndGet();
      return new CompletableFuture<>();
    });
    Function<String, CompletableFuture<String>> other = otherCache.memoizeAsync("f", String.class, key -> {
      computations.incrementAndGet();
      return CompletableFuture.completedFuture("after the lapse");
    });
    stuck.apply("k");
    waitUntil(() -> computations.get() == 1, "the stuck leader computing");
    // The test holds the stuck leader's lease (a minute) while it checks that the waiter waits, so that check cannot
    // race the 2 s lease on a slow machine; then it lets the lease lapse in 2 s, which the waiter's polls see coming.
    List<?> leases = (List<?>) server.command("KEYS", "recall:fn:async-lapse:*lease:*");
    assertThat(leases).as("the stuck leader's lease").hasSize(1);
    String leaseKey = (String) leases.get(0);
    assertThat(server.command("PEXPIRE", leaseKey, "60000")).isEqualTo(1L);
    CompletableFuture<String> waiter = other.apply("k");
    waitUntil(() -> otherCache.stats().misses() == 1, "the waiter's miss");
    assertThat(waiter).as("waits for the lease holder first").isNotDone();
    assertThat(server.command("PEXPIRE", leaseKey, Long.toString(lease.toMillis()))).isEqualTo(1L);
    assertThat(waiter.get(20, TimeUnit.SECONDS)).isEqualTo("after the lapse");
    assertThat(computations).hasValue(2);
    assertThat(otherCache.stats().stampedeWaits()).isEqualTo(1);
    assertThat(otherCache.stats().leaseLapses()).isEqualTo(1);
    assertThat(otherCache.stats().loadSuccesses()).isEqualTo(1);
  }

  @Test
  void corruptOrForeignValues_areMisses_removedAndRecomputed() throws Exception {
    FunctionCache c = client.functionCache("async-corrupt");
    String data = "recall:fn:async-corrupt:lru:s:data";
    Function<Integer, CompletableFuture<Integer>> f = c.memoizeAsync("twice", Integer.class, n -> {
      computations.incrementAndGet();
      return CompletableFuture.completedFuture(n * 2);
    });
    assertThat(f.apply(1).get(10, TimeUnit.SECONDS)).isEqualTo(2);
    String field = (String) ((List<?>) server.command("HKEYS", data)).get(0);
    server.command("HSET", data, field, "plain text");
    assertThat(f.apply(1).get(10, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(computations).as("recomputed").hasValue(2);
    assertThat(c.stats().corruptRemoved()).isEqualTo(1);
    assertThat(f.apply(1).get(10, TimeUnit.SECONDS)).as("the recomputed value was stored").isEqualTo(2);
    assertThat(computations).hasValue(2);
    // A key of the pair holding another type: the pair is removed and rebuilt.
    server.command("DEL", data);
    server.command("SET", data, "a string");
    assertThat(f.apply(2).get(10, TimeUnit.SECONDS)).isEqualTo(4);
    assertThat(c.stats().corruptRemoved()).isEqualTo(2);
    assertThat(server.command("TYPE", data)).isEqualTo("hash");
    assertThat(f.apply(2).get(10, TimeUnit.SECONDS)).isEqualTo(4);
    assertThat(computations).hasValue(3);
  }

  @Test
  void ttl_appliesToTheAsyncStore() throws Exception {
    FunctionCache c = client.functionCache(
        FunctionCacheConfig.builder("async-ttl").ttl(Duration.ofMinutes(1)).build());
    Function<Integer, CompletableFuture<Integer>> f =
        c.memoizeAsync("id", Integer.class, n -> CompletableFuture.completedFuture(n));
    assertThat(f.apply(1).get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(server.command("ZCARD", "recall:fn:async-ttl:lru:s:expiry")).as("one expiry recorded")
        .isEqualTo(1L);
    List<?> expiry = (List<?>) server.command("ZRANGE", "recall:fn:async-ttl:lru:s:expiry", "0", "-1", "WITHSCORES");
    long expiresAt = Long.parseLong(String.valueOf(expiry.get(1)));
    assertThat(expiresAt - System.currentTimeMillis()).isBetween(30_000L, 60_000L);
  }

  @Test
  void nullFuture_failsTheCallWithANullPointerExceptionNamingTheFunction() {
    Function<String, CompletableFuture<String>> f = cache.memoizeAsync("nothing", String.class, key -> null);
    assertThatThrownBy(() -> f.apply("k").get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(NullPointerException.class).hasMessageContaining("'nothing'");
    assertThat(cache.stats().stores()).isZero();
    assertThatThrownBy(() -> cache.memoizeAsync("nothing", String.class,
        (Function<String, CompletableFuture<String>>) null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("function");
  }

  @Test
  @Timeout(60)
  void serverDown_failOpenRunsTheFunction_orFailsWithTheRecallException() throws Exception {
    RedisServer own = RedisServer.spawn();
    try (RecallClient shortTimeouts = Recall.connect(
        RedisConfig.fromUrl(own.url() + "?timeout=300ms&connectTimeout=300ms"), driver)) {
      FunctionCache open = shortTimeouts.functionCache("async-open");
      FunctionCache closed = shortTimeouts.functionCache(
          FunctionCacheConfig.builder("async-closed").failOpen(false).build());
      Function<Integer, CompletableFuture<Integer>> openF =
          open.memoizeAsync("inc", Integer.class, n -> CompletableFuture.completedFuture(n + 1));
      Function<Integer, CompletableFuture<Integer>> closedF =
          closed.memoizeAsync("inc", Integer.class, n -> CompletableFuture.completedFuture(n + 1));
      assertThat(openF.apply(1).get(10, TimeUnit.SECONDS)).isEqualTo(2);
      own.kill();
      assertThat(openF.apply(41).get(10, TimeUnit.SECONDS)).isEqualTo(42);
      assertThat(open.stats().errors()).isPositive();
      assertThatThrownBy(() -> closedF.apply(1).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(RecallException.class);
      own.restart();
      // Recovered: the open cache stores and hits again.
      waitUntil(() -> {
        try {
          openF.apply(7).get(10, TimeUnit.SECONDS);
          return open.stats().hits() > 0;
        } catch (Exception e) {
          return false;
        }
      }, "hits after the restart");
    } finally {
      own.close();
    }
  }

  private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
    Await.until(BOUND, condition, () -> what);
  }

}
