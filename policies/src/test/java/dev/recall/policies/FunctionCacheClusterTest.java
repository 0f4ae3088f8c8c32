package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallClient;
import dev.recall.contract.Await;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.KeyLayout;
import dev.recall.testkit.OnRedisCluster;
import dev.recall.testkit.RedisCluster;
import dev.recall.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the function cache does only on a Redis Cluster: hash-tagged key names, one slot per pair (the whole cache
 * for the single layout, each function for the multiple layout), and a slot moving while the cache is in use.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@OnRedisCluster
class FunctionCacheClusterTest {
  private final String driver;
  private RedisCluster cluster;
  private RecallClient client;

  FunctionCacheClusterTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void connect(RedisCluster cluster) {
    this.cluster = cluster;
    client = Drivers.connect(cluster, driver);
  }

  @AfterEach
  void close() {
    client.close();
  }

  /** Every key of the cluster, by name, with the slot CLUSTER KEYSLOT gives it. */
  private Map<String, Integer> slotsOfAllKeys() {
    Map<String, Integer> slots = new TreeMap<>();
    for (Object keys : cluster.commandOnEveryNode("KEYS", "*")) {
      for (Object key : (List<?>) keys) {
        slots.put(String.valueOf(key), cluster.keySlot(String.valueOf(key)));
      }
    }
    return slots;
  }

  private static void callSome(FunctionCache cache, int functions) {
    for (int f = 0; f < functions; f++) {
      int offset = f;
      Function<Integer, Integer> fn = cache.memoize("fn" + f, Integer.class, n -> n + offset);
      for (int n = 0; n < 5; n++) {
        assertThat(fn.apply(n)).isEqualTo(n + offset);
        assertThat(fn.apply(n)).isEqualTo(n + offset);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void singleLayout_everyKeyOfTheCache_isOnOneSlot_andShowsTheCacheTag(EvictionPolicy policy) {
    FunctionCache cache = client.functionCache(FunctionCacheConfig.builder("one").policy(policy).maxSize(100).build());
    callSome(cache, 4);
    assertThat(cache.stats().hits()).isEqualTo(20);
    Map<String, Integer> slots = slotsOfAllKeys();
    String tag = "{one:" + policy.id() + "}";
    assertThat(slots.keySet()).isNotEmpty().allSatisfy(key -> assertThat(key).startsWith("recall:fn:" + tag + ":"))
        .contains("recall:fn:" + tag + ":s:data", "recall:fn:" + tag + ":pairs");
    assertThat(new HashSet<>(slots.values())).containsExactly(cluster.keySlot(tag));
    assertThat(cache.size()).isEqualTo(20);
    assertThat(cache.clear("fn1")).isEqualTo(5);
    assertThat(cache.size()).isEqualTo(15);
    assertThat(cache.clear()).isEqualTo(15);
    assertThat(cluster.dbSize()).isZero();
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void multipleLayout_eachFunctionsKeysShareASlot_andFunctionsSpreadOverSlots(EvictionPolicy policy) {
    FunctionCache cache = client.functionCache(FunctionCacheConfig.builder("many").policy(policy).maxSize(100)
        .layout(KeyLayout.MULTIPLE).build());
    int functions = 12;
    callSome(cache, functions);
    Map<String, Integer> slots = slotsOfAllKeys();
    Set<Integer> functionSlots = new HashSet<>();
    for (int f = 0; f < functions; f++) {
      String tag = "{many:" + policy.id() + ":fn" + f + "}";
      String prefix = "recall:fn:" + tag + ":m:";
      List<Integer> own = slots.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
          .map(Map.Entry::getValue).toList();
      assertThat(own).as("keys of fn%d", f).isNotEmpty().containsOnly(cluster.keySlot(tag));
      assertThat(slots).containsKey(prefix + "data");
      functionSlots.add(cluster.keySlot(tag));
    }
    assertThat(functionSlots).as("slots of %d functions", functions).hasSizeGreaterThan(1);
    // Only the registry lies outside the functions' tags.
    assertThat(slots.keySet()).filteredOn(key -> !key.matches(".*:fn\\d+}.*"))
        .containsExactly("recall:fn:{many:" + policy.id() + "}:pairs");
    assertThat(cache.size()).isEqualTo(functions * 5L);
    assertThat(cache.clear("fn3")).isEqualTo(5);
    assertThat(cache.size()).isEqualTo((functions - 1) * 5L);
    assertThat(cache.clear()).isEqualTo((functions - 1) * 5L);
    assertThat(cluster.dbSize()).isZero();
  }

  @Test
  void asyncMemoization_multipleLayout_registersEachPair_soClearFindsItsEntries() throws Exception {
    FunctionCache cache = client.functionCache(FunctionCacheConfig.builder("async-many").maxSize(100)
        .layout(KeyLayout.MULTIPLE).build());
    for (int f = 0; f < 6; f++) {
      int offset = f;
      Function<Integer, CompletableFuture<Integer>> fn = cache.memoizeAsync("fn" + f, Integer.class,
          n -> CompletableFuture.completedFuture(n + offset));
      for (int n = 0; n < 5; n++) {
        assertThat(fn.apply(n).get(10, TimeUnit.SECONDS)).isEqualTo(n + offset);
        assertThat(fn.apply(n).get(10, TimeUnit.SECONDS)).isEqualTo(n + offset);
      }
    }
    assertThat(cache.stats().hits()).isEqualTo(30);
    assertThat(cache.size()).isEqualTo(30);
    assertThat(cache.clear()).isEqualTo(30);
    assertThat(cluster.dbSize()).isZero();
  }

  @Test
  void nameStartingWithClosingBrace_isRefused_becauseItWouldEmptyTheHashTag() {
    assertThatThrownBy(() -> client.functionCache("}odd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'}odd'");
  }

  @Test
  void slotMigratedWhileTheCacheIsInUse_callsKeepReturningCorrectValues_andEntriesMoveAlong() throws Exception {
    FunctionCache cache = client.functionCache(FunctionCacheConfig.builder("moving").maxSize(1000).build());
    AtomicLong computed = new AtomicLong();
    Function<Integer, Long> square = cache.memoize("square", Long.class, n -> {
      computed.incrementAndGet();
      return (long) n * n;
    });
    for (int n = 0; n < 50; n++) {
      square.apply(n);
    }
    int slot = cluster.keySlot("{moving:lru}");
    // Other keys on the slot make the move take many steps, so the callers meet it half done (ASK, TRYAGAIN).
    for (int i = 0; i < 300; i++) {
      cluster.command("SET", "{moving:lru}pad" + i, "x");
    }
    RedisServer source = cluster.ownerOf(slot);
    RedisServer target = cluster.nodes().stream().filter(node -> !node.equals(source)).findFirst().orElseThrow();
    AtomicBoolean running = new AtomicBoolean(true);
    List<String> wrong = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Long>> callers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int seed = t;
        callers.add(pool.submit(() -> {
          Random random = new Random(seed);
          long calls = 0;
          while (running.get() || calls < 200) {
            int n = random.nextInt(100);
            long value = square.apply(n);
            if (value != (long) n * n) {
              synchronized (wrong) {
                wrong.add(n + " -> " + value);
              }
            }
            calls++;
          }
          return calls;
        }));
      }
      cluster.migrateSlot(slot, target, 1);
      running.set(false);
      for (Future<Long> caller : callers) {
        assertThat(caller.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(200);
      }
    } finally {
      running.set(false);
      pool.shutdownNow();
    }
    assertThat(wrong).isEmpty();
    assertThat(cluster.ownerOf(slot)).isEqualTo(target);
    assertThat(target.command("EXISTS", "recall:fn:{moving:lru}:s:data")).isEqualTo(1L);
    // After the move the entries are there and hit on the new owner.
    long before = computed.get();
    long hitsBefore = cache.stats().hits();
    for (int n = 0; n < 50; n++) {
      assertThat(square.apply(n)).isEqualTo((long) n * n);
    }
    assertThat(computed.get()).isEqualTo(before);
    assertThat(cache.stats().hits() - hitsBefore).isEqualTo(50);
    assertThat(cache.size()).isBetween(50L, 100L);
  }

  @ParameterizedTest
  @EnumSource(KeyLayout.class)
  void refreshAheadAndStaleIfError_workOnEveryLayout_withTheLeaseInThePairsSlot(KeyLayout layout) throws Exception {
    // Long enough that a loaded machine never lets the entry expire before the refresh is seen.
    Duration ttl = Duration.ofSeconds(2);
    FunctionCache cache = client.functionCache(FunctionCacheConfig.builder("fresh-" + layout).layout(layout)
        .ttl(ttl).refreshAfterWrite(Duration.ofMillis(100)).staleIfError(Duration.ofMinutes(1)).build());
    AtomicInteger computations = new AtomicInteger();
    AtomicBoolean failing = new AtomicBoolean();
    Function<Integer, Integer> f = cache.memoize("versioned", Integer.class, n -> {
      int version = computations.incrementAndGet();
      if (failing.get()) {
        throw new IllegalStateException("backend down");
      }
      return version;
    });
    assertThat(f.apply(1)).isEqualTo(1);
    long storedAt = System.nanoTime();
    Await.until(Duration.ofSeconds(30), () -> System.nanoTime() - storedAt > 150_000_000L, () -> "the refresh age");
    assertThat(f.apply(1)).as("the current value while it refreshes").isEqualTo(1);
    Await.until(Duration.ofSeconds(30), () -> f.apply(1) == 2, () -> "the refreshed value");
    long refreshedAt = System.nanoTime();
    failing.set(true);
    Await.until(Duration.ofSeconds(30), () -> System.nanoTime() - refreshedAt > ttl.toNanos() + 50_000_000L,
        () -> "the ttl");
    assertThat(f.apply(1)).as("stale, as recomputing fails").isEqualTo(2);
    Await.until(Duration.ofSeconds(30), () -> cache.stats().refreshes() == 1, () -> "the refresh count");
    assertThat(cache.stats().staleServed()).isEqualTo(1);
    assertThat(cache.stats().errors()).isZero();
  }
}
