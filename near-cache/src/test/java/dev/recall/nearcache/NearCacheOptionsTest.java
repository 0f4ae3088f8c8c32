package dev.recall.nearcache;

import static dev.recall.nearcache.NearCalls.BOUND;
import static dev.recall.nearcache.NearCalls.nearHit;
import static dev.recall.nearcache.NearCalls.timed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.contract.Await;
import dev.recall.function.CachedValue;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionEntries;
import dev.recall.function.FunctionSpec;
import dev.recall.function.KeyLayout;
import dev.recall.function.NearCacheConfig;
import dev.recall.nearcache.NearCalls.Timed;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The near cache's settings and the ways in beside {@code memoize}, through each driver on one server: {@code maxAge}
 * bounds a copy's life, {@code flushHits} starts a replay, {@link FunctionEntries} and {@code memoizeAll} read and
 * write through the near cache, and {@code clear(function)} in the per-function layout drops that function's copies
 * only. Two clients stand for two JVMs.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class NearCacheOptionsTest {
  /** How soon another client's write reaches this one's near cache: the invalidation lag is milliseconds. */
  private static final Duration DELIVERY = Duration.ofSeconds(5);
  /** Past a deadline, how late a poll may notice it: the poll step (10 ms) and scheduling on a loaded machine. */
  private static final Duration POLL_SLACK = Duration.ofMillis(100);

  private final String driver;
  private RedisServer server;
  private RecallClient client;
  private RecallClient other;
  private final AtomicInteger version = new AtomicInteger();

  NearCacheOptionsTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void connect(RedisServer server) {
    this.server = server;
    client = Recall.connect(RedisConfig.fromUrl(server.url()), driver);
    other = Recall.connect(RedisConfig.fromUrl(server.url()), driver);
  }

  @AfterEach
  void close() {
    client.close();
    other.close();
  }

  private static NearCacheConfig.Builder near() {
    return NearCacheConfig.builder(1_000).pingInterval(Duration.ofMillis(200));
  }

  /** A cache whose order ignores hits (FIFO), so near hits are never replayed and every script call is counted. */
  private static FunctionCacheConfig.Builder config(String name) {
    return FunctionCacheConfig.builder(name).policy(EvictionPolicy.FIFO).nearCache(near().build());
  }

  private Function<String, String> memoize(FunctionCache cache, String function) {
    return cache.memoize(function, String.class, key -> key + "-" + version.incrementAndGet());
  }

  private long evalshaCalls() {
    return NearCalls.evalshaCalls(server);
  }

  @Test
  void maxAge_aCopyIsServedUntilItsAge_andTheFirstCallPastItGoesToRedis() throws Exception {
    Duration maxAge = Duration.ofMillis(300);
    FunctionCache cache = client.functionCache(config("max-age").nearCache(near().maxAge(maxAge).build()).build());
    Function<String, String> f = memoize(cache, "f");
    nearHit(cache, () -> f.apply("warm"), "warm");
    long beforeStore = System.nanoTime();
    assertThat(f.apply("k")).isEqualTo("k-2");
    long afterStore = System.nanoTime();
    long remoteHits = cache.stats().hits();
    long calls = evalshaCalls();

    int servedNear = 0;
    Timed<String> remote = null;
    long deadline = afterStore + maxAge.toNanos() + BOUND.toNanos();
    while (remote == null && System.nanoTime() < deadline) {
      Timed<String> call = timed(cache, () -> f.apply("k"));
      assertThat(call.value()).isEqualTo("k-2");
      if (call.near()) {
        servedNear++;
        Thread.sleep(10);
      } else {
        remote = call;
      }
    }
    assertThat(remote).as("a call answered by Redis once the copy is older than maxAge").isNotNull();
    assertThat(servedNear).as("near hits while the copy is younger than maxAge").isPositive();
    assertThat(Duration.ofNanos(remote.end() - beforeStore)).as("the copy's age at the first remote read")
        .isGreaterThanOrEqualTo(maxAge);
    assertThat(Duration.ofNanos(remote.start() - afterStore)).as("how long after the store the copy was dropped")
        .isLessThanOrEqualTo(maxAge.plus(POLL_SLACK));
    assertThat(cache.stats().hits()).as("that call is a hit in Redis").isEqualTo(remoteHits + 1);
    assertThat(evalshaCalls()).as("the near hits sent nothing, the read past maxAge one script").isEqualTo(calls + 1);
  }

  @Test
  void flushHits_thatManyNearHits_replayThemAtOnce_andOneFewerDoNot() throws Exception {
    int flushHits = 5;
    String cacheName = "flush-hits";
    // LRU replays near hits; the hour-long interval leaves flushHits the only thing that starts a replay.
    FunctionCache cache = client.functionCache(FunctionCacheConfig.builder(cacheName).policy(EvictionPolicy.LRU)
        .nearCache(near().flushInterval(Duration.ofHours(1)).flushHits(flushHits).build()).build());
    Function<String, String> f = memoize(cache, "f");
    nearHit(cache, () -> f.apply("warm"), "warm");
    long waiting = cache.stats().nearHits();
    assertThat(waiting).isLessThan(flushHits - 1);
    // One near hit of each of these fields, one field each, brings the waiting hits to flushHits.
    int keys = (int) (flushHits - waiting);
    for (int i = 0; i < keys; i++) {
      f.apply("k" + i);
    }
    // Each store and each hit answered by Redis bumps the LRU sequence once, and so does each replayed field.
    String seq = "recall:fn:" + cacheName + ":lru:s:seq";
    long unreplayed = cache.stats().stores() + cache.stats().hits();
    assertThat(sequence(seq)).isEqualTo(unreplayed);

    for (int i = 0; i < keys - 1; i++) {
      int key = i;
      assertThat(timed(cache, () -> f.apply("k" + key)).near()).as("near hit of k" + i).isTrue();
    }
    assertThat(cache.stats().nearHits()).isEqualTo(flushHits - 1);
    assertThat(sequence(seq)).as("flushHits - 1 near hits start no replay").isEqualTo(unreplayed);

    assertThat(timed(cache, () -> f.apply("k" + (keys - 1))).near()).isTrue();
    Await.until(BOUND, () -> sequence(seq) != unreplayed, () -> "the replay the " + flushHits + "th near hit starts");
    assertThat(sequence(seq)).as("one replay of all " + flushHits + " near hits").isEqualTo(unreplayed + flushHits);
    assertThat(cache.stats().stores() + cache.stats().hits()).as("nothing else reached Redis").isEqualTo(unreplayed);
  }

  private long sequence(String key) {
    return Long.parseLong(String.valueOf(server.command("GET", key)));
  }

  @Test
  void entries_readTheirOwnWritesNear_andOtherClientsWritesWithinTheDeliveryBound() throws Exception {
    FunctionSpec<String> spec = FunctionSpec.of("f", String.class);
    FunctionCache mine = client.functionCache(config("entries").build());
    FunctionCache theirs = other.functionCache(config("entries").build());
    FunctionEntries<String> here = mine.entries(spec);
    FunctionEntries<String> there = theirs.entries(spec);
    here.put("w", "warm");
    nearHit(mine, () -> here.getIfPresent("warm"), "warm here");
    nearHit(theirs, () -> there.getIfPresent("warm"), "warm there");

    // A put here: read at once, from the near cache, and read there (from Redis, which installs a copy).
    here.put("v1", "k");
    long calls = evalshaCalls();
    Timed<Optional<CachedValue<String>>> read = timed(mine, () -> here.getIfPresent("k"));
    assertThat(read.value()).contains(new CachedValue<>("v1"));
    assertThat(read.near()).as("the putting client keeps its value as a near copy").isTrue();
    assertThat(evalshaCalls()).as("a near hit sends nothing").isEqualTo(calls);
    assertThat(there.getIfPresent("k")).contains(new CachedValue<>("v1"));
    assertThat(nearHit(theirs, () -> there.getIfPresent("k"), "k there")).contains(new CachedValue<>("v1"));

    // An overwrite here: read-your-writes here, and it reaches the copy there.
    // An overwrite publishes an invalidation, which reaches this client too and drops the copy its write kept: the
    // read is a near hit when it comes first (as on a quiet machine) and a Redis hit when the message does. Either
    // way it is a hit of the value just written, never a miss.
    long hits = mine.stats().nearHits() + mine.stats().hits();
    long misses = mine.stats().misses();
    here.put("v2", "k");
    assertThat(here.getIfPresent("k")).as("read-your-writes").contains(new CachedValue<>("v2"));
    assertThat(mine.stats().nearHits() + mine.stats().hits()).as("answered by a hit").isEqualTo(hits + 1);
    assertThat(mine.stats().misses()).isEqualTo(misses);
    Await.until(DELIVERY, () -> there.getIfPresent("k").equals(Optional.of(new CachedValue<>("v2"))),
        () -> "the put to reach the other client's near copy");
    assertThat(nearHit(theirs, () -> there.getIfPresent("k"), "k there")).contains(new CachedValue<>("v2"));
    calls = evalshaCalls();
    CompletableFuture<Optional<CachedValue<String>>> async = there.getIfPresentAsync("k");
    assertThat(async).as("a near hit completes at once").isDone();
    assertThat(async.join()).contains(new CachedValue<>("v2"));
    assertThat(evalshaCalls()).isEqualTo(calls);

    // An invalidation here: gone here at once, and there within the bound.
    assertThat(here.invalidate("k")).isTrue();
    assertThat(here.getIfPresent("k")).as("gone here at once").isEmpty();
    Await.until(DELIVERY, () -> there.getIfPresent("k").isEmpty(), () -> "the invalidation to reach the other client");

    // A load here: kept as a near copy too (once its own invalidation of k is in, which would drop the copy).
    NearCalls.awaitInvalidationsTaken(mine, here, there);
    assertThat(here.get(() -> "v3", "k")).isEqualTo("v3");
    assertThat(timed(mine, () -> here.getIfPresent("k")).near()).as("the loading client keeps its value").isTrue();
    assertThat(there.getIfPresent("k")).contains(new CachedValue<>("v3"));
    assertThat(mine.stats().errors() + theirs.stats().errors()).isZero();
  }

  /** A client interface, memoized whole. */
  interface Prices {
    String price(String item);
  }

  @Test
  void memoizeAll_isAnsweredByTheNearCache_andTakesAnotherClientsRefresh() throws Exception {
    FunctionCache mine = client.functionCache(config("proxy").build());
    FunctionCache theirs = other.functionCache(config("proxy").build());
    Prices here = mine.memoizeAll(Prices.class, item -> item + "-" + version.incrementAndGet());
    Prices there = theirs.memoizeAll(Prices.class, item -> item + "-" + version.incrementAndGet());
    assertThat(nearHit(mine, () -> here.price("k"), "k here")).isEqualTo("k-1");
    assertThat(nearHit(theirs, () -> there.price("k"), "k there")).isEqualTo("k-1");

    long calls = evalshaCalls();
    long nearHits = mine.stats().nearHits();
    for (int i = 0; i < 10; i++) {
      assertThat(here.price("k")).isEqualTo("k-1");
    }
    assertThat(mine.stats().nearHits()).isEqualTo(nearHits + 10);
    assertThat(evalshaCalls()).as("near hits send nothing").isEqualTo(calls);

    assertThat(theirs.refresh(() -> there.price("k"))).isEqualTo("k-2");
    assertThat(timed(theirs, () -> there.price("k")).value()).as("read-your-writes there").isEqualTo("k-2");
    Await.until(DELIVERY, () -> here.price("k").equals("k-2"), () -> "the refresh to reach the proxy's near copy");
    assertThat(nearHit(mine, () -> here.price("k"), "k here")).isEqualTo("k-2");
    assertThat(version).as("computed once each").hasValue(2);
  }

  @Test
  void clearOfOneFunction_inTheMultipleLayout_dropsItsCopiesEverywhere_andLeavesTheOthersFunctions()
      throws Exception {
    FunctionCacheConfig config = config("clear-one").layout(KeyLayout.MULTIPLE).build();
    FunctionCache mine = client.functionCache(config);
    FunctionCache theirs = other.functionCache(config);
    Function<String, String> hereF = memoize(mine, "f");
    Function<String, String> hereG = memoize(mine, "g");
    Function<String, String> thereF = memoize(theirs, "f");
    Function<String, String> thereG = memoize(theirs, "g");
    String f1 = nearHit(mine, () -> hereF.apply("k"), "f here");
    String g1 = nearHit(mine, () -> hereG.apply("k"), "g here");
    assertThat(nearHit(theirs, () -> thereF.apply("k"), "f there")).isEqualTo(f1);
    assertThat(nearHit(theirs, () -> thereG.apply("k"), "g there")).isEqualTo(g1);

    assertThat(mine.clear("f")).isEqualTo(1);
    Timed<String> again = timed(mine, () -> hereF.apply("k"));
    assertThat(again.near()).as("f's copy here is gone at once").isFalse();
    assertThat(again.value()).as("recomputed").isNotEqualTo(f1);
    Timed<String> other = timed(mine, () -> hereG.apply("k"));
    assertThat(other.near()).as("g's copy here is untouched").isTrue();
    assertThat(other.value()).isEqualTo(g1);

    Await.until(DELIVERY, () -> !thereF.apply("k").equals(f1), () -> "the clear of f to reach the other client");
    Timed<String> otherThere = timed(theirs, () -> thereG.apply("k"));
    assertThat(otherThere.near()).as("g's copy there is untouched").isTrue();
    assertThat(otherThere.value()).isEqualTo(g1);
    assertThat(theirs.stats().misses()).as("there computed nothing; g was never read from Redis again").isZero();
  }
}
