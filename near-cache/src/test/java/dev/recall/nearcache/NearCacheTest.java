package dev.recall.nearcache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.contract.Await;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.KeyLayout;
import dev.recall.function.NearCacheConfig;
import dev.recall.nearcache.NearCalls.Timed;
import dev.recall.testkit.CuttingProxy;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The near cache through each driver on one server: near hits run no Redis command, writes in one client reach
 * the other's near cache through the scripts' invalidations, this client's own writes at once, a lost
 * subscription empties it, and LRU still sees the hits it answered. Two clients stand for two JVMs.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class NearCacheTest {
  private static final Duration BOUND = NearCalls.BOUND;
  /** Past a deadline, how late a poll may notice it: the poll step (10 ms) and scheduling on a loaded machine. */
  private static final Duration POLL_SLACK = Duration.ofMillis(100);
  private static final Duration PING_INTERVAL = Duration.ofMillis(200);

  private final String driver;
  private RedisServer server;
  private RecallClient client;
  private RecallClient other;
  private final AtomicInteger version = new AtomicInteger();

  NearCacheTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void connect(RedisServer server) {
    this.server = server;
    client = connect(RedisConfig.fromUrl(server.url()));
    other = connect(RedisConfig.fromUrl(server.url()));
  }

  private RecallClient connect(RedisConfig config) {
    return Recall.connect(config, driver);
  }

  @AfterEach
  void close() {
    client.close();
    other.close();
  }

  private static FunctionCacheConfig.Builder config(String name) {
    return FunctionCacheConfig.builder(name)
        .nearCache(NearCacheConfig.builder(1_000).pingInterval(PING_INTERVAL).build());
  }

  private long evalshaCalls() {
    return NearCalls.evalshaCalls(server);
  }

  /** Calls until a call is answered by the near cache: the subscription is live and the value installed. */
  private static <T> T nearHit(FunctionCache cache, Function<String, T> f, String key) throws InterruptedException {
    return NearCalls.nearHit(cache, () -> f.apply(key), key);
  }

  @Test
  void aNearHit_runsNoRedisCommand_andIsCountedApart() throws Exception {
    // FIFO: its order ignores hits, so no replay of near hits runs a script either.
    FunctionCache cache = client.functionCache(config("near").policy(EvictionPolicy.FIFO).build());
    Function<String, String> f = cache.memoize("f", String.class, key -> key + "-" + version.incrementAndGet());
    assertThat(nearHit(cache, f, "k")).isEqualTo("k-1");
    long calls = evalshaCalls();
    for (int i = 0; i < 100; i++) {
      assertThat(f.apply("k")).isEqualTo("k-1");
    }
    assertThat(evalshaCalls()).as("near hits send nothing").isEqualTo(calls);
    assertThat(cache.stats().nearHits()).isGreaterThanOrEqualTo(101);
    assertThat(cache.stats().misses()).isEqualTo(1);
    assertThat(version).hasValue(1);
  }

  @Test
  void theClientThatComputesAValue_keepsItAsANearCopy() throws Exception {
    // FIFO: no replay of near hits, so every script call counted is the miss's.
    FunctionCache cache = client.functionCache(config("own-store").policy(EvictionPolicy.FIFO).build());
    Function<String, String> f = cache.memoize("f", String.class, key -> key + "-" + version.incrementAndGet());
    nearHit(cache, f, "warm");
    long calls = evalshaCalls();
    long nearHits = cache.stats().nearHits();
    for (int i = 0; i < 4; i++) {
      assertThat(f.apply("k")).isEqualTo("k-2");
    }
    assertThat(evalshaCalls()).as("the miss's read and store only").isEqualTo(calls + 2);
    assertThat(cache.stats().nearHits() - nearHits).isEqualTo(3);
    assertThat(cache.stats().misses()).isEqualTo(2);
  }

  @Test
  void theAsyncForm_isAnsweredByTheNearCacheToo() throws Exception {
    FunctionCache cache = client.functionCache(config("near-async").build());
    Function<String, CompletableFuture<String>> f = cache.memoizeAsync("f", String.class,
        key -> CompletableFuture.completedFuture(key + "-" + version.incrementAndGet()));
    Await.until(BOUND, () -> {
      f.apply("k").join();
      return cache.stats().nearHits() > 0;
    }, () -> "a near hit");
    long calls = evalshaCalls();
    CompletableFuture<String> hit = f.apply("k");
    assertThat(hit).as("completed at once").isDone();
    assertThat(hit.join()).isEqualTo("k-1");
    assertThat(evalshaCalls()).isEqualTo(calls);
  }

  @Test
  void writesInOneClient_reachTheOthersNearCache_andItsOwnAtOnce() throws Exception {
    FunctionCache mine = client.functionCache(config("shared").build());
    FunctionCache theirs = other.functionCache(config("shared").build());
    Function<String, String> here = mine.memoize("f", String.class, key -> key + "-" + version.incrementAndGet());
    Function<String, String> there = theirs.memoize("f", String.class, key -> key + "-" + version.incrementAndGet());
    assertThat(nearHit(mine, here, "k")).isEqualTo("k-1");
    assertThat(nearHit(theirs, there, "k")).isEqualTo("k-1");

    // A refresh there: its store publishes the overwrite; here drops the copy as it arrives.
    assertThat(theirs.refresh(() -> there.apply("k"))).isEqualTo("k-2");
    assertThat(there.apply("k")).as("read-your-writes").isEqualTo("k-2");
    Await.until(BOUND, () -> here.apply("k").equals("k-2"), () -> "the refresh to reach the other client");

    // An invalidation there.
    assertThat(nearHit(mine, here, "k")).isEqualTo("k-2");
    assertThat(theirs.invalidate("f", "k")).isTrue();
    Await.until(BOUND, () -> here.apply("k").equals("k-3"), () -> "the invalidation to reach the other client");

    // A clear there.
    assertThat(nearHit(mine, here, "k")).isEqualTo("k-3");
    theirs.clear();
    Await.until(BOUND, () -> here.apply("k").equals("k-4"), () -> "the clear to reach the other client");

    // This client's own invalidation: seen by its next call, no waiting.
    assertThat(nearHit(mine, here, "k")).isEqualTo("k-4");
    mine.invalidate("f", "k");
    assertThat(here.apply("k")).isEqualTo("k-5");
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void everyPolicy_inTheMultipleLayout_servesNearHits_andTakesOtherClientsWrites(EvictionPolicy policy)
      throws Exception {
    FunctionCacheConfig config = config("policy-" + policy.id()).policy(policy).layout(KeyLayout.MULTIPLE).build();
    FunctionCache mine = client.functionCache(config);
    FunctionCache theirs = other.functionCache(config);
    Function<String, String> here = mine.memoize("f", String.class, key -> key + "-" + version.incrementAndGet());
    Function<String, String> there = theirs.memoize("f", String.class, key -> key + "-" + version.incrementAndGet());
    assertThat(nearHit(mine, here, "k")).isEqualTo("k-1");
    assertThat(theirs.refresh(() -> there.apply("k"))).isEqualTo("k-2");
    Await.until(BOUND, () -> here.apply("k").equals("k-2"), () -> "the refresh to reach the other client");
    assertThat(nearHit(mine, here, "k")).isEqualTo("k-2");
    assertThat(mine.stats().errors() + theirs.stats().errors()).isZero();
  }

  @Test
  void anEvictionByAnotherClientsStore_reachesTheNearCache() throws Exception {
    FunctionCacheConfig config = config("evicting").policy(EvictionPolicy.FIFO).maxSize(2).build();
    FunctionCache mine = client.functionCache(config);
    FunctionCache theirs = other.functionCache(config);
    Function<String, String> here = mine.memoize("f", String.class, key -> key + "-" + version.incrementAndGet());
    Function<String, String> there = theirs.memoize("f", String.class, key -> key + "-" + version.incrementAndGet());
    assertThat(nearHit(mine, here, "a")).isEqualTo("a-1");
    there.apply("b");
    there.apply("c");
    Await.until(BOUND, () -> here.apply("a").equals("a-4"), () -> "the eviction of a to reach the near cache");
  }

  @Test
  void withRefreshAhead_aKeyServedLocally_isStillRefreshed() throws Exception {
    FunctionCache cache = client.functionCache(config("near-refresh").ttl(Duration.ofMinutes(1))
        .refreshAfterWrite(Duration.ofMillis(300)).build());
    Function<String, String> f = cache.memoize("f", String.class, key -> key + "-" + version.incrementAndGet());
    // On a loaded machine the subscription may come after the first refresh already: compare with what was served.
    String first = nearHit(cache, f, "k");
    // The copy lasts until the entry is due: the next read goes to Redis, which hands it the refresh.
    Await.until(BOUND, () -> !f.apply("k").equals(first), () -> "the refresh of a key the near cache serves");
    assertThat(nearHit(cache, f, "k")).isNotEqualTo(first);
    Await.until(BOUND, () -> cache.stats().refreshes() >= 1, () -> "the refresh count");
  }

  @Test
  void aNearCopy_neverOutlivesItsEntrysTtl() throws Exception {
    Duration ttl = Duration.ofMillis(500);
    FunctionCache cache = client.functionCache(config("expiring").ttl(ttl).build());
    Function<String, String> f = cache.memoize("f", String.class, key -> key + "-" + version.incrementAndGet());
    nearHit(cache, f, "warm");
    long beforeStore = System.nanoTime();
    String first = f.apply("k");
    long afterStore = System.nanoTime();
    // Redis ran the store between the two clock reads, so the entry is gone from Redis by afterStore + ttl.
    Timed<String> firstRemote = null;
    long deadline = afterStore + ttl.plus(BOUND).toNanos();
    Timed<String> call;
    do {
      assertThat(System.nanoTime()).as("a value computed after the entry expired").isLessThan(deadline);
      Thread.sleep(10);
      call = NearCalls.timed(cache, () -> f.apply("k"));
      if (call.near() && first.equals(call.value())) {
        assertThat(Duration.ofNanos(call.start() - afterStore)).as("a near hit of the first value, after its TTL")
            .isLessThan(ttl);
      }
      if (!call.near() && firstRemote == null) {
        firstRemote = call;
      }
    } while (first.equals(call.value()));
    assertThat(Duration.ofNanos(firstRemote.end() - beforeStore)).as("the copy's life, not shorter than the TTL")
        .isGreaterThanOrEqualTo(ttl);
    assertThat(Duration.ofNanos(firstRemote.start() - afterStore)).as("the first call after the TTL not answered near")
        .isLessThanOrEqualTo(ttl.plus(POLL_SLACK));
  }

  @Test
  void aCutSubscription_emptiesTheNearCache_untilItIsBack() throws Exception {
    try (CuttingProxy proxy = CuttingProxy.start(server.host(), server.port())) {
      RecallClient proxied = connect(RedisConfig.builder().host(proxy.host()).port(proxy.port()).build());
      try {
        FunctionCache mine = proxied.functionCache(config("cut").build());
        FunctionCache theirs = other.functionCache(config("cut").build());
        Function<String, String> here = mine.memoize("f", String.class, key -> key + "-" + version.incrementAndGet());
        Function<String, String> there =
            theirs.memoize("f", String.class, key -> key + "-" + version.incrementAndGet());
        assertThat(nearHit(mine, here, "k")).isEqualTo("k-1");
        long cut = System.nanoTime();
        proxy.cutConnections();
        // Written while this client's subscription is down: the invalidation never reaches it.
        assertThat(theirs.refresh(() -> there.apply("k"))).isEqualTo("k-2");
        // Until the loss is noticed the copy may still be served; the promise bounds how long: 2 x pingInterval,
        // plus half of that for a loaded machine.
        Timed<String> notNear = NearCalls.timedQuietly(mine, () -> here.apply("k"));
        while (notNear.near()) {
          assertThat(Duration.ofNanos(System.nanoTime() - cut)).as("time to notice the cut").isLessThan(BOUND);
          Thread.sleep(10);
          notNear = NearCalls.timedQuietly(mine, () -> here.apply("k"));
        }
        assertThat(Duration.ofNanos(notNear.start() - cut)).as("the first call after the cut not answered near")
            .isLessThanOrEqualTo(PING_INTERVAL.multipliedBy(3));
        Await.until(BOUND, () -> "k-2".equals(applyQuietly(here, "k")),
            () -> "the near cache to be emptied and the new value read from Redis");
        assertThat(nearHit(mine, here, "k")).as("the near cache refills once subscribed again").isEqualTo("k-2");
      } finally {
        proxied.close();
      }
    }
  }

  @Test
  void aServerRestart_emptiesTheNearCache_andNoStaleReadFollows() throws Exception {
    try (RedisServer own = RedisServer.spawn();
        RecallClient restarted = connect(RedisConfig.fromUrl(own.url()).toBuilder()
            .connectTimeout(Duration.ofMillis(500)).commandTimeout(Duration.ofMillis(500)).build())) {
      FunctionCache cache = restarted.functionCache(config("restart").build());
      Function<String, String> f = cache.memoize("f", String.class, key -> key + "-" + version.incrementAndGet());
      String first = nearHit(cache, f, "k");
      own.kill();
      own.restart();
      // The restarted server holds nothing: once the loss is noticed, the old copy must not be served.
      Await.until(BOUND, () -> {
        String value = applyQuietly(f, "k");
        return value != null && !value.equals(first);
      }, () -> "a value computed after the restart");
      assertThat(nearHit(cache, f, "k")).as("the near cache refills").isNotEqualTo(first);
    }
  }

  private static String applyQuietly(Function<String, String> f, String key) {
    try {
      return f.apply(key);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Test
  void lruWithANearCache_stillEvictsTheEntriesNobodyReads() throws Exception {
    FunctionCache cache = client.functionCache(config("lru-replay").policy(EvictionPolicy.LRU).maxSize(3)
        .nearCache(NearCacheConfig.builder(1_000).flushInterval(Duration.ofMillis(50)).build()).build());
    Function<String, String> f = cache.memoize("f", String.class, key -> key + "-" + version.incrementAndGet());
    f.apply("a");
    f.apply("b");
    f.apply("c");
    // The storing JVM keeps what it stored, so these are near hits; once replayed (one flush each, as a flush
    // replays in no particular order), a is the least recently used.
    for (String key : List.of("b", "c")) {
      nearHit(cache, f, key);
      // Each store and hit bumps the pair's sequence once; once it counts the near hits too, they were replayed.
      Await.until(BOUND, () -> Long.parseLong(String.valueOf(server.command("GET", "recall:fn:lru-replay:lru:s:seq")))
          == 3 + cache.stats().hits() + cache.stats().nearHits(), () -> "the replay of the near hits so far");
    }
    String order = "recall:fn:lru-replay:lru:s:order";
    assertThat(((List<?>) server.command("ZRANGE", order, "0", "0")).get(0)).isEqualTo(field(cache, "a"));
    // Only the near cache sees these reads of a; without the replay, storing d would evict a.
    for (int i = 0; i < 10; i++) {
      assertThat(f.apply("a")).isEqualTo("a-1");
    }
    Await.until(BOUND, () -> !((List<?>) server.command("ZRANGE", order, "0", "0")).get(0).equals(field(cache, "a")),
        () -> "the replayed hits of a to move it off the LRU end");
    f.apply("d");
    assertThat(f.apply("a")).as("a was read, so b went").isEqualTo("a-1");
    assertThat(cache.size()).isEqualTo(3);
    Await.until(BOUND, () -> f.apply("b").equals("b-5"), () -> "b's eviction to reach the near cache");
  }

  /** The Redis field of {@code key}'s entry of function {@code f}: found as the only field whose value holds it. */
  private String field(FunctionCache cache, String key) {
    List<?> entries = (List<?>) server.command("HGETALL", "recall:fn:" + cache.config().name() + ":lru:s:data");
    for (int i = 0; i < entries.size(); i += 2) {
      if (String.valueOf(entries.get(i + 1)).contains("\"" + key + "-")) {
        return String.valueOf(entries.get(i));
      }
    }
    throw new AssertionError("no entry of " + key + " in " + entries);
  }
}
