package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.RecallClient;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.KeyLayout;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.testkit.RedisTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each policy's eviction order on hand-made traces, the exact models on random traces, and the size bound; written
 * against {@link RedisTarget} so that {@link PolicyEvictionClusterTest} runs it unchanged on a Redis Cluster.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class PolicyEvictionTest {
  private final String driver;
  protected RecallClient client;
  private final Set<String> computed = ConcurrentHashMap.newKeySet();

  PolicyEvictionTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void connect(RedisTarget target) {
    client = Drivers.connect(target, driver);
  }

  @AfterEach
  void close() {
    client.close();
  }

  private Function<String, String> identity(FunctionCache cache) {
    return cache.memoize("identity", String.class, key -> {
      computed.add(key);
      return key;
    });
  }

  private FunctionCache cache(EvictionPolicy policy, int maxSize) {
    return client.functionCache(FunctionCacheConfig.builder("evict-" + policy.id()).policy(policy).maxSize(maxSize)
        .build());
  }

  /** Calls the keys in order, then reports which of {@code probe} are still cached (without disturbing order). */
  private List<String> heldAfter(EvictionPolicy policy, int maxSize, String trace) {
    FunctionCache cache = cache(policy, maxSize);
    Function<String, String> f = identity(cache);
    for (String key : trace.split(" ")) {
      assertThat(f.apply(key)).isEqualTo(key);
    }
    assertThat(cache.size()).isEqualTo(Math.min(maxSize, trace.split(" ").length));
    List<String> held = new ArrayList<>();
    for (String key : List.of("a", "b", "c", "d", "e")) {
      computed.clear();
      // bypass keeps the probe from changing the order; a second cache over the same keys would be simpler but
      // the probe must read, so read through a FIFO-free path: the cache's invalidate tells whether it existed.
      if (cache.invalidate("identity", key)) {
        held.add(key);
      }
    }
    return held;
  }

  @Test
  void lru_evictsTheLeastRecentlyUsed() {
    // a b c fill; reading a makes b the least recent; d evicts b.
    assertThat(heldAfter(EvictionPolicy.LRU, 3, "a b c a d")).containsExactly("a", "c", "d");
  }

  @Test
  void fifo_evictsTheOldestInsert_hitsDoNotReorder() {
    assertThat(heldAfter(EvictionPolicy.FIFO, 3, "a b c a d")).containsExactly("b", "c", "d");
  }

  @Test
  void lfu_evictsTheFewestHits_tiesToTheLeastRecent() {
    // a has 2 hits, b 1, c 0 -> d evicts c. Then e: d (0 hits) and... d is the only zero -> evicts d.
    assertThat(heldAfter(EvictionPolicy.LFU, 3, "a b c a a b d")).containsExactly("a", "b", "d");
    client.functionCache(FunctionCacheConfig.builder("evict-lfu").policy(EvictionPolicy.LFU).maxSize(3).build())
        .clear();
    // all zero hits: ties go to the least recently used, a.
    assertThat(heldAfter(EvictionPolicy.LFU, 3, "a b c d")).containsExactly("b", "c", "d");
  }

  @Test
  void mru_evictsTheMostRecentlyUsedOther() {
    // a b c fill; a is read last; d evicts a.
    assertThat(heldAfter(EvictionPolicy.MRU, 3, "a b c a d")).containsExactly("b", "c", "d");
  }

  @Test
  void tlru_evictsTheOldestStamp_whenUsesAreMillisecondsApart() throws InterruptedException {
    FunctionCache cache = cache(EvictionPolicy.TLRU, 3);
    Function<String, String> f = identity(cache);
    for (String key : "a b c a".split(" ")) {
      f.apply(key);
      Thread.sleep(3); // distinct millisecond stamps make TLRU exact
    }
    f.apply("d");
    assertThat(cache.invalidate("identity", "b")).isFalse();
    assertThat(cache.invalidate("identity", "a")).isTrue();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void rr_evictsOneEntry_andEveryEntryCanBeTheVictim() {
    FunctionCache cache = cache(EvictionPolicy.RR, 3);
    Function<String, String> f = identity(cache);
    Set<String> victims = new java.util.HashSet<>();
    for (int round = 0; round < 60 && victims.size() < 3; round++) {
      cache.clear();
      f.apply("a");
      f.apply("b");
      f.apply("c");
      f.apply("d");
      assertThat(cache.size()).isEqualTo(3);
      assertThat(cache.invalidate("identity", "d")).isTrue();
      for (String key : List.of("a", "b", "c")) {
        if (!cache.invalidate("identity", key)) {
          victims.add(key);
        }
      }
    }
    assertThat(victims).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(cache.stats().evictions()).isPositive();
  }

  @ParameterizedTest
  @EnumSource(value = EvictionPolicy.class, names = {"LRU", "FIFO", "LFU", "MRU"})
  void randomSkewedTrace_hitCountsMatchTheReferenceModelExactly(EvictionPolicy policy) {
    int maxSize = 50;
    FunctionCache cache = cache(policy, maxSize);
    Function<String, String> f = identity(cache);
    ReferenceModel model = new ReferenceModel(policy, maxSize);
    Random random = new Random(42 + policy.ordinal());
    long expectedHits = 0;
    for (int i = 0; i < 10_000; i++) {
      // Skewed: a few keys are hot, a long tail is cold.
      String key = "k" + (int) (Math.pow(random.nextDouble(), 3) * 300);
      if (model.access(key)) {
        expectedHits++;
      }
      f.apply(key);
    }
    assertThat(cache.stats().hits()).as("hits of %s", policy).isEqualTo(expectedHits);
    assertThat(cache.stats().misses()).isEqualTo(10_000 - expectedHits);
    assertThat(cache.stats().evictions()).isEqualTo(cache.stats().misses() - maxSize);
    assertThat(cache.size()).isEqualTo(model.size());
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void eightThreads_neverExceedMaxSize(EvictionPolicy policy) throws Exception {
    int maxSize = 20;
    FunctionCache cache = client.functionCache(FunctionCacheConfig.builder("bound-" + policy.id()).policy(policy)
        .maxSize(maxSize).layout(policy.ordinal() % 2 == 0 ? KeyLayout.SINGLE : KeyLayout.MULTIPLE).build());
    Function<Integer, Integer> f = cache.memoize("square", Integer.class, n -> n * n);
    AtomicBoolean running = new AtomicBoolean(true);
    List<Long> sizes = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(9);
    try {
      Future<?> watcher = pool.submit(() -> {
        while (running.get()) {
          sizes.add(cache.size());
        }
      });
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        workers.add(pool.submit(() -> {
          start.await();
          Random random = new Random(seed);
          for (int i = 0; i < 250; i++) {
            int n = random.nextInt(100);
            assertThat(f.apply(n)).isEqualTo(n * n);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> worker : workers) {
        worker.get(60, TimeUnit.SECONDS);
      }
      running.set(false);
      watcher.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(sizes).isNotEmpty().allSatisfy(size -> assertThat(size).isBetween(0L, (long) maxSize));
    assertThat(cache.size()).isEqualTo(maxSize);
    assertThat(cache.stats().errors()).isZero();
  }
}
