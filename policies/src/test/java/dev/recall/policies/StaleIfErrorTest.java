package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallClient;
import dev.recall.contract.Await;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stale if error ({@code staleIfError}) through each driver: within the window after an entry's expiry a failing
 * recomputation returns the stale value, after it the failure. Expiry is the point here, so the tests wait for it
 * (on a condition, bounded).
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class StaleIfErrorTest {
  // A second's TTL leaves room for the hit a test expects right after a store, and a 4 s window for the two or three
  // calls a test makes between the expiry and the window's end, on a loaded machine.
  private static final Duration TTL = Duration.ofSeconds(1);
  private static final Duration WINDOW = Duration.ofSeconds(4);
  private static final Duration BOUND = Duration.ofSeconds(30);

  private final String driver;
  private RedisServer server;
  private RecallClient client;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicInteger computations = new AtomicInteger();

  StaleIfErrorTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void connect(RedisServer server) {
    this.server = server;
    client = Drivers.connect(server, driver);
  }

  @AfterEach
  void close() {
    client.close();
  }

  private FunctionCache cache(String name) {
    return client.functionCache(FunctionCacheConfig.builder(name).ttl(TTL).staleIfError(WINDOW).build());
  }

  private String compute(String key) {
    int n = computations.incrementAndGet();
    if (failing.get()) {
      throw new IllegalStateException("backend down");
    }
    return key + "-v" + n;
  }

  private static void past(long since, Duration time) throws InterruptedException {
    Await.until(BOUND, () -> System.nanoTime() - since > time.toNanos() + 20_000_000, () -> "past " + time);
  }

  @Test
  void afterExpiry_aFailingRecomputation_returnsTheStaleValueWithinTheWindow_andTheFailureAfterIt()
      throws Exception {
    FunctionCache cache = cache("stale");
    Function<String, String> f = cache.memoize("fetch", String.class, this::compute);
    assertThat(f.apply("k")).isEqualTo("k-v1");
    long storedAt = System.nanoTime();
    past(storedAt, TTL);
    failing.set(true);
    assertThat(f.apply("k")).as("stale, instead of the exception").isEqualTo("k-v1");
    assertThat(f.apply("k")).isEqualTo("k-v1");
    assertThat(computations).as("each call past expiry recomputes").hasValue(3);
    assertThat(cache.stats().staleServed()).isEqualTo(2);
    assertThat(cache.stats().misses()).isEqualTo(3);
    assertThat(cache.stats().hits()).isZero();
    assertThat(cache.size()).as("the stale entry is still held").isEqualTo(1);

    past(storedAt, TTL.plus(WINDOW));
    assertThatThrownBy(() -> f.apply("k")).isInstanceOf(IllegalStateException.class).hasMessage("backend down");
    assertThat(cache.stats().staleServed()).isEqualTo(2);
    assertThat(server.command("HLEN", "recall:fn:stale:lru:s:data")).as("the entry left at the window's end")
        .isEqualTo(0L);
  }

  @Test
  void afterExpiry_aSucceedingRecomputation_replacesTheStaleValue() throws Exception {
    FunctionCache cache = cache("fresh");
    Function<String, String> f = cache.memoize("fetch", String.class, this::compute);
    assertThat(f.apply("k")).isEqualTo("k-v1");
    long storedAt = System.nanoTime();
    past(storedAt, TTL);
    assertThat(f.apply("k")).isEqualTo("k-v2");
    assertThat(f.apply("k")).as("a fresh hit").isEqualTo("k-v2");
    assertThat(cache.stats().staleServed()).isZero();
    assertThat(cache.stats().hits()).isEqualTo(1);
  }

  @Test
  void asyncForm_returnsTheStaleValue_whenTheRecomputationsFutureFails() throws Exception {
    FunctionCache cache = cache("stale-async");
    Function<String, CompletableFuture<String>> f = cache.memoizeAsync("fetch", String.class, key -> {
      try {
        return CompletableFuture.completedFuture(compute(key));
      } catch (IllegalStateException e) {
        return CompletableFuture.failedFuture(e);
      }
    });
    assertThat(f.apply("k").get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("k-v1");
    long storedAt = System.nanoTime();
    past(storedAt, TTL);
    failing.set(true);
    assertThat(f.apply("k").get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("k-v1");
    assertThat(cache.stats().staleServed()).isEqualTo(1);
    past(storedAt, TTL.plus(WINDOW));
    assertThatThrownBy(() -> f.apply("k").get(BOUND.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().hasMessage("backend down");
  }

  @Test
  void staleEntries_countTowardTheMaxSize_andAreEvictedBeforeLiveOnes() throws Exception {
    // MRU would evict the most recent live entry; stale ones must go first whatever the policy.
    // A TTL long enough that c, d and e stay live on a loaded machine while a and b turn stale.
    Duration ttl = Duration.ofSeconds(2);
    FunctionCache cache = client.functionCache(FunctionCacheConfig.builder("bounded").policy(EvictionPolicy.MRU)
        .maxSize(3).ttl(ttl).staleIfError(Duration.ofMinutes(1)).build());
    Function<String, String> f = cache.memoize("fetch", String.class, this::compute);
    f.apply("a");
    f.apply("b");
    long storedAt = System.nanoTime();
    past(storedAt, ttl);
    assertThat(cache.size()).as("stale entries are held").isEqualTo(2);
    f.apply("c");
    f.apply("d");
    f.apply("e");
    String data = "recall:fn:bounded:mru:s:data";
    assertThat(server.command("HLEN", data)).isEqualTo(3L);
    assertThat(cache.stats().evictions()).as("stale entries leave as expired ones, uncounted").isZero();
    int before = computations.get();
    assertThat(List.of(f.apply("c"), f.apply("d"), f.apply("e"))).containsExactly("c-v3", "d-v4", "e-v5");
    assertThat(computations).as("the live entries all stayed").hasValue(before);
  }
}
