package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.RecallClient;
import dev.recall.contract.Await;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionCacheStats;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Stampede protection: one JVM's concurrent misses compute once (single flight), and across "processes" (two
 * clients, each with its own connections and in-JVM state) the per-key lease taken by the read script makes the
 * others wait for the leader's value, or compute themselves when the leader's lease lapses or the leader fails.
 * The waits and lapses are counted in the waiters' stats.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class StampedeTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private final String driver;
  private RecallClient client;
  /** A second client stands for another process: its own connections and its own in-JVM state. */
  private RecallClient otherProcess;
  private final AtomicInteger computations = new AtomicInteger();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  StampedeTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void connect(RedisServer server) {
    client = Drivers.connect(server, driver);
    otherProcess = Drivers.connect(server, driver);
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    client.close();
    otherProcess.close();
  }

  private FunctionCache cache(Duration lease) {
    return cache(client, lease);
  }

  private static FunctionCache cache(RecallClient process, Duration lease) {
    return process.functionCache(FunctionCacheConfig.builder("stampede").leaseTime(lease).build());
  }

  @Test
  void concurrentMissesInOneJvm_computeOnce_onVirtualThreads() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FunctionCache cache = cache(Duration.ofSeconds(30));
    Function<String, String> slow = cache.memoize("slow", String.class, key -> {
      computations.incrementAndGet();
      await(release);
      return key + "!";
    });
    List<Future<String>> callers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      callers.add(threads.submit(() -> slow.apply("k")));
    }
    Await.until(BOUND, () -> computations.get() >= 1, () -> "the leader to compute");
    release.countDown();
    for (Future<String> caller : callers) {
      assertThat(caller.get(20, TimeUnit.SECONDS)).isEqualTo("k!");
    }
    assertThat(computations).hasValue(1);
    // Every miss but the leader's waited for it (in this JVM or, having read before the store, on the lease).
    FunctionCacheStats stats = cache.stats();
    assertThat(stats.loads()).isEqualTo(1);
    assertThat(stats.stampedeWaits()).isPositive().isEqualTo(stats.misses() - 1);
    assertThat(stats.leaseLapses()).isZero();
  }

  @Test
  void twoMemoizationsOfOneName_shareSingleFlight() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger secondRuns = new AtomicInteger();
    // Without the lease only single flight keeps the second memoization from computing the key itself.
    FunctionCache cache = client.functionCache(
        FunctionCacheConfig.builder("no-lease").stampedeProtection(false).build());
    Function<String, String> first = cache.memoize("shared", String.class, key -> {
      computations.incrementAndGet();
      await(release);
      return "first";
    });
    Function<String, String> second = cache.memoize("shared", String.class, key -> {
      secondRuns.incrementAndGet();
      return "second";
    });
    Future<String> leader = threads.submit(() -> first.apply("k"));
    Await.until(BOUND, () -> computations.get() == 1, () -> "the leader to compute");
    Future<String> follower = threads.submit(() -> second.apply("k"));
    // The follower has read (a miss) and must now be joined to the leader's flight, not computing itself.
    Await.until(BOUND, () -> cache.stats().misses() == 2,
        () -> "the follower's miss, misses " + cache.stats().misses());
    assertThat(follower).isNotDone();
    release.countDown();
    assertThat(leader.get(20, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(follower.get(20, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(secondRuns).hasValue(0);
    assertThat(cache.stats().stampedeWaits()).as("the follower's wait on the leader's flight").isEqualTo(1);
    assertThat(cache.stats().loads()).isEqualTo(1);
  }

  @Test
  void otherProcess_waitsForTheLeasesHolder_andGetsItsValue() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger followerRuns = new AtomicInteger();
    FunctionCache leaderCache = cache(Duration.ofSeconds(30));
    FunctionCache followerCache = cache(otherProcess, Duration.ofSeconds(30));
    Function<String, String> leader = leaderCache.memoize("f", String.class, key -> {
      computations.incrementAndGet();
      await(release);
      return "from leader";
    });
    Function<String, String> follower = followerCache.memoize("f", String.class, key -> {
      followerRuns.incrementAndGet();
      return "from follower";
    });
    Future<String> first = threads.submit(() -> leader.apply("k"));
    // The leader computes only after its read took the lease.
    Await.until(BOUND, () -> computations.get() == 1, () -> "the leader to compute");
    Future<String> second = threads.submit(() -> follower.apply("k"));
    // The follower's read found neither a value nor a free lease (the leader holds it for 30 s and has stored
    // nothing), so its miss means it is now polling for the leader's value. Only then may the leader finish:
    // a follower reading after the store would take the plain hit path and prove nothing about the lease.
    Await.until(BOUND, () -> followerCache.stats().misses() == 1, () -> "the follower's miss");
    assertThat(second).as("waits while the leader computes").isNotDone();
    assertThat(leaderCache.stats().stores()).isZero();
    release.countDown();
    assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo("from leader");
    assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo("from leader");
    assertThat(computations).as("the leader's function").hasValue(1);
    assertThat(followerRuns).as("the follower's function").hasValue(0);
    assertThat(followerCache.stats().stores()).as("the follower stored nothing").isZero();
    assertThat(leaderCache.stats().stores()).isEqualTo(1);
    assertThat(followerCache.stats().stampedeWaits()).as("the follower waited on the lease").isEqualTo(1);
    assertThat(followerCache.stats().leaseLapses()).as("the value came within the lease").isZero();
    assertThat(followerCache.stats().loads()).isZero();
    assertThat(leaderCache.stats().stampedeWaits()).isZero();
  }

  @Test
  void leaderThatNeverFinishes_losesItsLease_andTheWaiterComputes() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    // Long enough that the waiter surely reads while the lease is held, short enough to wait out.
    Duration lease = Duration.ofSeconds(2);
    Function<String, String> stuck = cache(lease).memoize("f", String.class, key -> {
      computations.incrementAndGet();
      await(never);
      return "stuck";
    });
    FunctionCache otherCache = cache(otherProcess, lease);
    Function<String, String> other = otherCache.memoize("f", String.class, key -> {
      computations.incrementAndGet();
      return "computed after the lease lapsed";
    });
    threads.submit(() -> stuck.apply("k"));
    Await.until(BOUND, () -> computations.get() == 1, () -> "the leader to compute");
    Future<String> waiter = threads.submit(() -> other.apply("k"));
    Await.until(BOUND, () -> otherCache.stats().misses() == 1, () -> "the waiter's miss");
    assertThat(waiter).as("waits for the lease holder first").isNotDone();
    assertThat(waiter.get(20, TimeUnit.SECONDS)).isEqualTo("computed after the lease lapsed");
    assertThat(computations).hasValue(2);
    FunctionCacheStats stats = otherCache.stats();
    assertThat(stats.stampedeWaits()).isEqualTo(1);
    assertThat(stats.leaseLapses()).as("the wait ended by the lapse").isEqualTo(1);
    assertThat(stats.loadSuccesses()).isEqualTo(1);
    never.countDown();
  }

  @Test
  void leaderThatFails_releasesItsLease_soTheWaiterComputesWithoutWaitingItOut() throws Exception {
    CountDownLatch fail = new CountDownLatch(1);
    Function<String, String> failing = cache(Duration.ofMinutes(5)).memoize("f", String.class, key -> {
      computations.incrementAndGet();
      await(fail);
      throw new IllegalStateException("leader failed");
    });
    FunctionCache otherCache = cache(otherProcess, Duration.ofMinutes(5));
    Function<String, String> other = otherCache.memoize("f", String.class, key -> {
      computations.incrementAndGet();
      return "second try";
    });
    Future<String> first = threads.submit(() -> failing.apply("k"));
    Await.until(BOUND, () -> computations.get() == 1, () -> "the leader to compute");
    Future<String> second = threads.submit(() -> other.apply("k"));
    // The waiter must be waiting on the lease before the leader fails, or it would just find the lease free.
    Await.until(BOUND, () -> otherCache.stats().misses() == 1, () -> "the waiter's miss");
    assertThat(second).isNotDone();
    fail.countDown();
    // Bounded far below the 5-minute lease: the failed leader released it.
    assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo("second try");
    assertThat(first).failsWithin(Duration.ofSeconds(5));
    assertThat(otherCache.stats().stampedeWaits()).isEqualTo(1);
    assertThat(otherCache.stats().leaseLapses()).as("released by the failed leader, not lapsed").isZero();
    assertThat(otherCache.stats().loadSuccesses()).isEqualTo(1);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
