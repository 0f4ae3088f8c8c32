package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.RecallClient;
import dev.recall.contract.Await;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each policy's bookkeeping under random concurrent load with expiring entries: the size bound holds at every
 * moment, and the structures of a pair never disagree.
 *
 * <p>"Agree" means: the data hash's fields, the expiry set's members (the cache has a TTL, so every entry has one)
 * and, for every policy but RR (whose order set stays empty), the order set's members are exactly the same set.
 * Every script changes all of them atomically, so this holds at every moment; entries that expired but were not
 * trimmed yet are in all three structures alike. After a final store (which trims the expired entries) every
 * remaining member is live, so the hash's length equals {@link FunctionCache#size()}.
 *
 * <p>Each policy runs twice: plain, and with refresh ahead and a stale window on (stamped entries, background
 * refreshes racing the workers, expired entries kept and evicted first), where the same invariants hold. The
 * invariants are the scripts', which run the same whatever the driver, and each run is 100,000 round trips bound by
 * the server, so the drivers take turns instead of repeating every run: each runs every policy once and each option
 * set six times.
 */
@ExtendWith(RedisServerExtension.class)
class PolicyInvariantTest {
  private static final int OPERATIONS = 100_000;
  private static final int THREADS = 8;
  private static final int MAX_SIZE = 50;
  private static final int KEYS = 120;
  private static final Duration TTL = Duration.ofMillis(30);

  private RedisServer server;
  private RecallClient client;

  @BeforeEach
  void connect(RedisServer server) {
    this.server = server;
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  private Set<String> members(String command, String key) {
    List<?> reply = (List<?>) server.command(command.split(" ")[0], key, "0", "-1");
    return new HashSet<>(reply.stream().map(String.class::cast).toList());
  }

  /** The options a run turns on beside the policy. */
  enum Options {
    PLAIN,
    REFRESH_AND_STALE
  }

  static Stream<Arguments> policiesOptionsAndDrivers() {
    return Arrays.stream(Options.values()).flatMap(options -> Arrays.stream(EvictionPolicy.values())
        .map(policy -> Arguments.of(policy, options,
            (policy.ordinal() + options.ordinal()) % 2 == 0 ? "lettuce" : "jedis")));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("policiesOptionsAndDrivers")
  void randomConcurrentOperations_keepTheSizeBound_andLeaveNoOrphans(EvictionPolicy policy, Options options,
      String driver) throws Exception {
    client = Drivers.connect(server, driver);
    FunctionCacheConfig.Builder config = FunctionCacheConfig.builder("inv").policy(policy).maxSize(MAX_SIZE)
        .ttl(TTL).ttlJitter(0.5);
    if (options == Options.REFRESH_AND_STALE) {
      config.refreshAfterWrite(TTL.dividedBy(3)).staleIfError(TTL);
    }
    FunctionCache cache = client.functionCache(config.build());
    String prefix = "recall:fn:inv:" + policy.id() + ":s:";
    AtomicLong computations = new AtomicLong();
    Function<Integer, Integer> f = cache.memoize("negate", Integer.class, n -> {
      computations.incrementAndGet();
      return -n;
    });
    AtomicBoolean running = new AtomicBoolean(true);
    Queue<Long> sizes = new ConcurrentLinkedQueue<>();
    Queue<Long> lengths = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    try {
      Future<?> watcher = pool.submit(() -> {
        while (running.get()) {
          sizes.add(cache.size());
          // The raw hash length counts expired entries not trimmed yet: the store evicts before it inserts, so
          // even that never passes the bound.
          lengths.add((Long) server.command("HLEN", prefix + "data"));
          // Sampling every millisecond still reads thousands of sizes, and leaves the cores to the workers.
          LockSupport.parkNanos(1_000_000);
        }
        return null;
      });
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Random random = new Random(policy.ordinal() * 100L + t);
        workers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < OPERATIONS / THREADS; i++) {
            int n = random.nextInt(KEYS);
            int op = random.nextInt(100);
            if (op < 80) {
              assertThat(f.apply(n)).isEqualTo(-n);
            } else if (op < 90) {
              cache.invalidate("negate", n);
            } else {
              assertThat(cache.refresh(() -> f.apply(n))).isEqualTo(-n);
            }
          }
          return null;
        }));
      }
      start.countDown();
      // Time is not the point: the bound only keeps a stuck run from hanging the suite. A quiet machine does a run
      // in a few seconds; a loaded one may take several times that.
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      for (Future<?> worker : workers) {
        worker.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      running.set(false);
      watcher.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(sizes).isNotEmpty().allSatisfy(size -> assertThat(size).isBetween(0L, (long) MAX_SIZE));
    assertThat(lengths).allSatisfy(length -> assertThat(length).isBetween(0L, (long) MAX_SIZE));
    assertThat(cache.stats().errors()).isZero();
    assertThat(cache.stats().evictions()).as("the run filled the cache").isPositive();

    Set<String> data = new HashSet<>(((List<?>) server.command("HKEYS", prefix + "data")).stream()
        .map(String.class::cast).toList());
    assertAgree(policy, prefix, data);
    // Background refreshes the last reads started store once more: each computation ends in one store.
    Await.until(Duration.ofSeconds(30), () -> cache.stats().stores() == computations.get(),
        () -> "every computation's store, " + cache.stats().stores() + " of " + computations.get());
    // Let every entry expire (and its stale window pass), then one store trims them all (at most MAX_SIZE, within
    // one trim batch).
    Await.until(Duration.ofSeconds(5), () -> cache.size() == 0,
        () -> "every entry to expire, " + cache.size() + " left");
    assertThat(f.apply(KEYS)).isEqualTo(-KEYS);
    Set<String> live = new HashSet<>(((List<?>) server.command("HKEYS", prefix + "data")).stream()
        .map(String.class::cast).toList());
    assertAgree(policy, prefix, live);
    // Only the entry just stored is left; it lives 15 to 30 ms, so on a loaded machine it may already count as
    // expired (size 0) while still in the hash until the next store trims it.
    assertThat(live).hasSize(1);
    assertThat(cache.size()).isBetween(0L, 1L);
    // No lease outlived its computation.
    assertThat((List<?>) ((List<?>) server.command("SCAN", "0", "MATCH", prefix + "lease:*", "COUNT", "10000"))
        .get(1)).isEmpty();
  }

  private void assertAgree(EvictionPolicy policy, String prefix, Set<String> data) {
    assertThat(members("ZRANGE", prefix + "expiry")).as("expiry members of %s", policy)
        .containsExactlyInAnyOrderElementsOf(data);
    if (policy == EvictionPolicy.RR) {
      assertThat(members("ZRANGE", prefix + "order")).isEmpty();
    } else {
      assertThat(members("ZRANGE", prefix + "order")).as("order members of %s", policy)
          .containsExactlyInAnyOrderElementsOf(data);
    }
  }
}
