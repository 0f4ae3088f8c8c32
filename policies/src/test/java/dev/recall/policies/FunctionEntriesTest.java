package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.recall.RecallClient;
import dev.recall.contract.Await;
import dev.recall.function.CachedValue;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionEntries;
import dev.recall.function.FunctionSpec;
import dev.recall.function.UnsupportedArgumentException;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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

/** Entry-level access ({@link FunctionCache#entries}) through each driver against a real server. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class FunctionEntriesTest {
  private final String driver;
  private RedisServer server;
  private RecallClient client;
  private FunctionCache cache;
  private final AtomicInteger calls = new AtomicInteger();

  FunctionEntriesTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void connect(RedisServer server) {
    this.server = server;
    client = Drivers.connect(server, driver);
    cache = client.functionCache(FunctionCacheConfig.builder("entries").maxSize(3).build());
  }

  @AfterEach
  void close() {
    client.close();
  }

  record Price(String sku, long cents) { }

  @Test
  void getIfPresent_missThenPut_thenHit_countedAsMemoizeCountsThem() {
    FunctionEntries<Price> prices = cache.entries(FunctionSpec.of("price", Price.class));
    assertThat(prices.getIfPresent("A-1")).isEmpty();
    prices.put(new Price("A-1", 250), "A-1");
    assertThat(prices.getIfPresent("A-1")).contains(new CachedValue<>(new Price("A-1", 250)));
    assertThat(cache.stats()).satisfies(s -> {
      assertThat(s.hits()).isEqualTo(1);
      assertThat(s.misses()).isEqualTo(1);
      assertThat(s.stores()).isEqualTo(1);
      assertThat(s.loads()).isZero();
    });
  }

  @Test
  void keys_agreeWithMemoize_andInvalidate() {
    Function<String, Price> memoized = cache.memoize("price", Price.class, sku -> {
      calls.incrementAndGet();
      return new Price(sku, 100);
    });
    FunctionEntries<Price> prices = cache.entries(FunctionSpec.of("price", Price.class));
    memoized.apply("B-2");
    assertThat(prices.getIfPresent("B-2")).contains(new CachedValue<>(new Price("B-2", 100)));
    prices.put(new Price("C-3", 7), "C-3");
    assertThat(memoized.apply("C-3")).isEqualTo(new Price("C-3", 7));
    assertThat(cache.invalidate("price", "C-3")).isTrue();
    assertThat(prices.getIfPresent("C-3")).isEmpty();
    assertThat(prices.invalidate("B-2")).isTrue();
    assertThat(prices.invalidate("B-2")).isFalse();
    assertThat(calls).hasValue(1);
  }

  @Test
  void cachedNull_isAValue_notAMiss() {
    FunctionEntries<String> names = cache.entries(FunctionSpec.of("name", String.class));
    names.put(null, 1);
    assertThat(names.getIfPresent(1)).contains(new CachedValue<>(null));
    assertThat(names.getIfPresent(2)).isEmpty();
  }

  @Test
  void genericValues_roundTrip() {
    FunctionEntries<List<Price>> lists = cache.entries(
        FunctionSpec.builder("list", new TypeReference<List<Price>>() { }).build());
    lists.put(List.of(new Price("x", 1), new Price("y", 2)), "k");
    assertThat(lists.getIfPresent("k").orElseThrow().value()).containsExactly(new Price("x", 1), new Price("y", 2));
  }

  @Test
  void put_evictsByThePolicy_andAppliesTheTtl() throws Exception {
    FunctionEntries<Integer> numbers = cache.entries(FunctionSpec.of("n", Integer.class));
    for (int i = 0; i < 5; i++) {
      numbers.put(i, i);
    }
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.stats().evictions()).isEqualTo(2);
    assertThat(numbers.getIfPresent(0)).isEmpty();

    FunctionCache expiring = client.functionCache(FunctionCacheConfig.builder("entries-ttl")
        .policy(EvictionPolicy.FIFO).ttl(Duration.ofSeconds(5)).build());
    FunctionEntries<Integer> shortLived = expiring.entries(FunctionSpec.of("n", Integer.class));
    shortLived.put(1, 1);
    // The TTL (5 s) is far longer than one round trip, so the entry is there right after the put even on a
    // loaded machine; then it expires.
    assertThat(shortLived.getIfPresent(1)).isPresent();
    Await.until(Duration.ofSeconds(20), () -> shortLived.getIfPresent(1).isEmpty(), () -> "the entry to expire");
  }

  @Test
  void get_loadsOnce_thenHits_andLoaderExceptionsComeOutUnchanged() throws Exception {
    FunctionEntries<String> entries = cache.entries(FunctionSpec.of("upper", String.class));
    assertThat(entries.get(() -> "X" + calls.incrementAndGet(), "x")).isEqualTo("X1");
    assertThat(entries.get(() -> "X" + calls.incrementAndGet(), "x")).isEqualTo("X1");
    IOException io = new IOException("disk");
    assertThatThrownBy(() -> entries.get(() -> {
      throw io;
    }, "y")).isSameAs(io);
    assertThat(entries.getIfPresent("y")).isEmpty();
    assertThat(cache.stats().loads()).isEqualTo(2);
  }

  @Test
  void get_concurrentCallersOfOneKey_runTheLoaderOnce() throws Exception {
    FunctionEntries<String> entries = cache.entries(FunctionSpec.of("slow", String.class));
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<String>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(threads.submit(() -> entries.get(() -> {
          calls.incrementAndGet();
          release.await(10, TimeUnit.SECONDS);
          return "v";
        }, "k")));
      }
      Await.until(Duration.ofSeconds(5), () -> calls.get() == 1, () -> "the first loader to start");
      release.countDown();
      for (Future<String> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("v");
      }
    }
    assertThat(calls).hasValue(1);
  }

  @Test
  void async_readAndLoad() throws Exception {
    FunctionEntries<Price> prices = cache.entries(FunctionSpec.of("async-price", Price.class));
    assertThat(prices.getIfPresentAsync("D").get(5, TimeUnit.SECONDS)).isEmpty();
    Price loaded = prices.getAsync(() -> {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture(new Price("D", 4));
    }, "D").get(5, TimeUnit.SECONDS);
    assertThat(loaded).isEqualTo(new Price("D", 4));
    assertThat(prices.getIfPresentAsync("D").get(5, TimeUnit.SECONDS))
        .contains(new CachedValue<>(new Price("D", 4)));
    assertThat(prices.getAsync(() -> CompletableFuture.completedFuture(new Price("D", 0)), "D")
        .get(5, TimeUnit.SECONDS)).isEqualTo(new Price("D", 4));
    assertThat(calls).hasValue(1);
  }

  @Test
  void unsupportedArgument_isRefusedBeforeRedis() {
    FunctionEntries<String> entries = cache.entries(FunctionSpec.of("f", String.class));
    assertThatThrownBy(() -> entries.getIfPresent(new Object())).isInstanceOf(UnsupportedArgumentException.class);
    assertThatThrownBy(() -> entries.put("v", new Object())).isInstanceOf(UnsupportedArgumentException.class);
    assertThat(entries.getIfPresentAsync(new Object())).isCompletedExceptionally();
    assertThat(cache.size()).isZero();
  }

  @Test
  void failOpen_readsAsAMiss_andDropsTheStore_whenRedisIsDown() {
    RedisServer own = RedisServer.spawn();
    RecallClient ownClient = Drivers.connect(own, driver);
    try {
      FunctionEntries<String> entries = ownClient.functionCache("down").entries(FunctionSpec.of("f", String.class));
      entries.put("v", 1);
      own.stop();
      assertThat(entries.getIfPresent(1)).isEqualTo(Optional.empty());
      entries.put("w", 2);
      assertThat(ownClient.functionCache("down").stats().errors()).isEqualTo(2);
      FunctionEntries<String> strict = ownClient.functionCache(FunctionCacheConfig.builder("strict").failOpen(false)
          .build()).entries(FunctionSpec.of("f", String.class));
      assertThatThrownBy(() -> strict.getIfPresent(1)).isInstanceOf(dev.recall.RecallException.class);
    } finally {
      ownClient.close();
      own.close();
    }
  }
}
