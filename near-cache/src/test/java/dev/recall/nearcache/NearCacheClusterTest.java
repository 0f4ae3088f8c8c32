package dev.recall.nearcache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.contract.Await;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.KeyLayout;
import dev.recall.function.NearCacheConfig;
import dev.recall.testkit.Prerequisites;
import dev.recall.testkit.RedisCluster;
import dev.recall.testkit.RedisServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The near cache on a Redis Cluster with a replica per master, through each driver: invalidations on sharded
 * channels in the pair's slot for both layouts, and no stale read after a failover or a slot migration of the pair
 * (the near cache is emptied, then refills). Two clients stand for two JVMs.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NearCacheClusterTest {
  private static final Duration BOUND = Duration.ofSeconds(60);
  /**
   * How many calls may fail (thrown, or failed open and counted as errors) after the cluster reports a move complete,
   * while a client still follows the old topology: a command timeout (1 s) or a redirection each.
   */
  private static final int MAX_FAILED_CALLS = 20;
  /** How many reads in a row must return the new value once one did. */
  private static final int SETTLED_READS = 200;

  @Parameter
  String driver;
  private RedisCluster cluster;
  private RecallClient client;
  private RecallClient other;
  private final AtomicInteger version = new AtomicInteger();

  @BeforeAll
  void start() {
    Prerequisites.redisAtLeast(7, "sharded pub/sub (SSUBSCRIBE)");
    cluster = RedisCluster.builder().replicasPerMaster(1).start();
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void connect() {
    RedisConfig config = RedisConfig.fromUrl(cluster.url()).toBuilder()
        .connectTimeout(Duration.ofMillis(500)).commandTimeout(Duration.ofSeconds(1)).build();
    client = Recall.connect(config, driver);
    other = Recall.connect(config, driver);
  }

  @AfterEach
  void close() {
    client.close();
    other.close();
  }

  private static FunctionCacheConfig config(String name, KeyLayout layout) {
    return FunctionCacheConfig.builder(name).layout(layout)
        .nearCache(NearCacheConfig.builder(1_000).pingInterval(Duration.ofMillis(200)).build()).build();
  }

  private Function<String, String> memoize(FunctionCache cache) {
    return cache.memoize("f", String.class, key -> key + "-" + version.incrementAndGet());
  }

  /** Calls until a call is answered by the near cache (the channel is subscribed and the value installed). */
  private static String nearHit(FunctionCache cache, Function<String, String> f, String key) throws Exception {
    long before = cache.stats().nearHits();
    String[] last = new String[1];
    Await.until(BOUND, () -> {
      last[0] = quietly(f, key);
      return cache.stats().nearHits() > before;
    }, () -> "a near hit of " + key);
    return last[0];
  }

  /** A call that may fail while the cluster changes shape (fail-open hides most of that). */
  private static String quietly(Function<String, String> f, String key) {
    try {
      return f.apply(key);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The master holding the pair of function {@code f} of a cache. */
  private RedisServer ownerOfPair(String cache, KeyLayout layout) {
    return cluster.ownerOfKey(layout == KeyLayout.SINGLE
        ? "recall:fn:{" + cache + ":lru}:s:data" : "recall:fn:{" + cache + ":lru:f}:m:data");
  }

  @ParameterizedTest
  @EnumSource(KeyLayout.class)
  void writesInOneClient_reachTheOthersNearCache_onShardedChannels(KeyLayout layout) throws Exception {
    String name = "sharded-" + layout;
    FunctionCache mine = client.functionCache(config(name, layout));
    FunctionCache theirs = other.functionCache(config(name, layout));
    Function<String, String> here = memoize(mine);
    Function<String, String> there = memoize(theirs);
    String first = nearHit(mine, here, "k");
    String refreshed = theirs.refresh(() -> there.apply("k"));
    assertThat(refreshed).isNotEqualTo(first);
    Await.until(BOUND, () -> here.apply("k").equals(refreshed), () -> "the refresh to reach the other client");
    nearHit(mine, here, "k");
    theirs.invalidate("f", "k");
    Await.until(BOUND, () -> !here.apply("k").equals(refreshed), () -> "the invalidation to reach the other client");
  }

  @Test
  void aFailoverOfThePairsMaster_leavesNoStaleRead_andTheNearCacheRefills() throws Exception {
    FunctionCache mine = client.functionCache(config("failover", KeyLayout.SINGLE));
    FunctionCache theirs = other.functionCache(config("failover", KeyLayout.SINGLE));
    Function<String, String> here = memoize(mine);
    Function<String, String> there = memoize(theirs);
    String first = nearHit(mine, here, "k");
    cluster.failover(ownerOfPair("failover", KeyLayout.SINGLE));
    // The cluster reports the failover complete: the promoted replica is master and the old one rejoined.
    String written = writeAfterTheMove(theirs, there, "failover");
    assertThat(written).isNotEqualTo(first);
    assertNoStaleReadOnceFresh(mine, here, written, "failover");
    assertThat(nearHit(mine, here, "k")).isEqualTo(written);
  }

  @Test
  void aSlotMigrationOfThePair_leavesNoStaleRead_andTheNearCacheRefills() throws Exception {
    FunctionCache mine = client.functionCache(config("migrating", KeyLayout.SINGLE));
    FunctionCache theirs = other.functionCache(config("migrating", KeyLayout.SINGLE));
    Function<String, String> here = memoize(mine);
    Function<String, String> there = memoize(theirs);
    String first = nearHit(mine, here, "k");
    String key = "recall:fn:{migrating:lru}:s:data";
    RedisServer source = cluster.ownerOfKey(key);
    RedisServer target = cluster.nodes().stream().filter(node -> !node.equals(source)).findFirst().orElseThrow();
    cluster.migrateSlot(cluster.keySlot(key), target, 10);
    // Every master now names the target as the slot's owner.
    String written = writeAfterTheMove(theirs, there, "migration");
    assertThat(written).isNotEqualTo(first);
    assertNoStaleReadOnceFresh(mine, here, written, "migration");
    assertThat(nearHit(mine, here, "k")).isEqualTo(written);
  }

  /**
   * Refreshes {@code k} through {@code cache} until Redis acknowledged the store (no exception, no error counted,
   * which with fail-open is how a failed store shows) and returns the value written. The attempts that failed while
   * the clients caught up with the move are counted and bounded.
   */
  private static String writeAfterTheMove(FunctionCache cache, Function<String, String> f, String move)
      throws InterruptedException {
    int failed = 0;
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (true) {
      long errors = cache.stats().errors();
      try {
        String written = cache.refresh(() -> f.apply("k"));
        if (cache.stats().errors() == errors) {
          assertThat(failed).as("writes that failed after the " + move).isLessThanOrEqualTo(MAX_FAILED_CALLS);
          return written;
        }
      } catch (RuntimeException e) {
        // Counted below, as a store that failed open is.
      }
      failed++;
      assertThat(failed).as("writes that failed after the " + move).isLessThanOrEqualTo(MAX_FAILED_CALLS);
      assertThat(System.nanoTime()).as("a write acknowledged after the " + move).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /**
   * Reads {@code k} through {@code f} until it returns {@code fresh} (before that an older value is a copy the loss of
   * the subscription has not emptied yet, and a failed read, counted and bounded, a client catching up with the move),
   * then {@link #SETTLED_READS} more reads, every one of which must return {@code fresh}, without an error.
   */
  private static void assertNoStaleReadOnceFresh(FunctionCache cache, Function<String, String> f, String fresh,
      String move) throws InterruptedException {
    long errorsBefore = cache.stats().errors();
    int thrown = 0;
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (true) {
      try {
        if (fresh.equals(f.apply("k"))) {
          break;
        }
      } catch (RuntimeException e) {
        thrown++;
      }
      assertThat(thrown + cache.stats().errors() - errorsBefore).as("reads that failed after the " + move)
          .isLessThanOrEqualTo(MAX_FAILED_CALLS);
      assertThat(System.nanoTime()).as("a read of " + fresh + " after the " + move).isLessThan(deadline);
      Thread.sleep(10);
    }
    long errors = cache.stats().errors();
    for (int i = 0; i < SETTLED_READS; i++) {
      assertThat(f.apply("k")).as("read %d after the first read of the new value", i + 1).isEqualTo(fresh);
    }
    assertThat(cache.stats().errors()).as("errors once the new value was read").isEqualTo(errors);
  }
}
