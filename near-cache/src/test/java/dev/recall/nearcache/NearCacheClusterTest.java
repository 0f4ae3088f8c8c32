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
    String[] written = new String[1];
    Await.until(BOUND, () -> (written[0] = quietly(k -> theirs.refresh(() -> there.apply(k)), "k")) != null,
        () -> "a write after the failover");
    assertThat(written[0]).isNotEqualTo(first);
    Await.until(BOUND, () -> written[0].equals(quietly(here, "k")), () -> "the write to be read after the failover");
    assertThat(nearHit(mine, here, "k")).isEqualTo(written[0]);
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
    String[] written = new String[1];
    Await.until(BOUND, () -> (written[0] = quietly(k -> theirs.refresh(() -> there.apply(k)), "k")) != null,
        () -> "a write after the migration");
    assertThat(written[0]).isNotEqualTo(first);
    Await.until(BOUND, () -> written[0].equals(quietly(here, "k")), () -> "the write to be read after the migration");
    assertThat(nearHit(mine, here, "k")).isEqualTo(written[0]);
  }
}
