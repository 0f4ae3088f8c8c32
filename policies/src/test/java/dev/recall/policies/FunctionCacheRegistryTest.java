package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallClient;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.StatsRecorder;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The client keeps one function cache per name, through each driver against a real server. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class FunctionCacheRegistryTest {
  private final String driver;
  private RecallClient client;

  FunctionCacheRegistryTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void connect(RedisServer server) {
    client = Drivers.connect(server, driver);
  }

  @AfterEach
  void close() {
    client.close();
  }

  private static FunctionCacheConfig pricing(EvictionPolicy policy, long maxSize) {
    return FunctionCacheConfig.builder("pricing").policy(policy).maxSize(maxSize).build();
  }

  @Test
  void functionCache_sameNameAndEqualConfig_returnsTheSameInstance() {
    FunctionCache first = client.functionCache(pricing(EvictionPolicy.LRU, 100));

    assertThat(client.functionCache(pricing(EvictionPolicy.LRU, 100))).isSameAs(first);
    assertThat(client.functionCache("pricing")).isSameAs(first);
  }

  @Test
  void functionCache_byName_thenEqualDefaults_returnsTheSameInstance() {
    FunctionCache first = client.functionCache("pricing");

    assertThat(client.functionCache(FunctionCacheConfig.of("pricing"))).isSameAs(first);
  }

  /** Regression: each request built its own engine, so two lookups of one name counted apart. */
  @Test
  void twoLookupsOfOneName_shareStatistics() {
    Function<Integer, Integer> viaFirst = client.functionCache("pricing").memoize("square", Integer.class, n -> n * n);
    Function<Integer, Integer> viaSecond = client.functionCache("pricing").memoize("square", Integer.class, n -> n * n);

    assertThat(viaFirst.apply(3)).isEqualTo(9);
    assertThat(viaSecond.apply(3)).isEqualTo(9);
    assertThat(client.functionCache("pricing").stats()).satisfies(s -> {
      assertThat(s.misses()).isEqualTo(1);
      assertThat(s.hits()).isEqualTo(1);
    });
  }

  /** Regression: a second lookup was another engine, which knew no function memoized through the first. */
  @Test
  void secondLookup_invalidatesWhatTheFirstMemoized() {
    Function<Integer, Integer> square = client.functionCache("pricing").memoize("square", Integer.class, n -> n * n);
    square.apply(3);

    assertThat(client.functionCache("pricing").invalidate("square", 3)).isTrue();
  }

  @Test
  void functionCache_sameNameAndDifferentConfig_namesTheDifferingSettings() {
    client.functionCache(pricing(EvictionPolicy.LRU, 100));

    assertThatThrownBy(() -> client.functionCache(pricing(EvictionPolicy.LFU, 200)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("function cache 'pricing' already exists with policy=LRU, maxSize=100; "
            + "asked for policy=LFU, maxSize=200");
  }

  @Test
  void functionCache_anotherStatsRecorder_isADifferentConfig() {
    StatsRecorder recorder = new StatsRecorder() { };
    FunctionCacheConfig config = FunctionCacheConfig.builder("pricing").statsRecorder(recorder).build();
    FunctionCache first = client.functionCache(config);

    assertThat(client.functionCache(config.toBuilder().build())).isSameAs(first);
    assertThatThrownBy(() -> client.functionCache(config.toBuilder().statsRecorder(new StatsRecorder() { }).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("statsRecorder=");
  }

  @Test
  void functionCache_concurrentFirstRequests_yieldOneInstance() throws Exception {
    int callers = 16;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<FunctionCache>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(callers)) {
      for (int i = 0; i < callers; i++) {
        results.add(threads.submit(() -> {
          start.await();
          return client.functionCache(pricing(EvictionPolicy.LRU, 100));
        }));
      }
      start.countDown();
      FunctionCache first = results.get(0).get(10, TimeUnit.SECONDS);
      for (Future<FunctionCache> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isSameAs(first);
      }
    }
  }

  @Test
  void otherClients_haveTheirOwnRegistry(RedisServer server) {
    FunctionCache mine = client.functionCache("pricing");
    try (RecallClient other = Drivers.connect(server, driver)) {
      FunctionCache theirs = other.functionCache(pricing(EvictionPolicy.LFU, 200));

      assertThat(theirs).isNotSameAs(mine);
      assertThat(theirs.config().policy()).isEqualTo(EvictionPolicy.LFU);
    }
  }
}
