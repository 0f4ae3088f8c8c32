package dev.recall.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.contract.Await;
import dev.recall.function.FunctionCache;
import dev.recall.spring.Catalog.Price;
import dev.recall.spring.boot.RecallAutoConfiguration;
import dev.recall.spring.boot.RecallCacheAutoConfiguration;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;

/**
 * A real {@code @EnableCaching} application over a real server, through each driver: Spring's annotations work
 * unchanged on Recall's caches, and the server's own counters prove what was read and written.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class CachingBehaviourTest {
  private final String driver;
  private ApplicationContextRunner runner;
  private RedisServer server;

  CachingBehaviourTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void setUp(RedisServer server) {
    this.server = server;
    Catalog.RUNS.set(0);
    runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RecallAutoConfiguration.class, RecallCacheAutoConfiguration.class))
        .withUserConfiguration(CatalogApp.class)
        .withPropertyValues("recall.url=" + server.url(), "recall.driver=" + driver,
            "recall.caches.short.ttl=5s", "recall.caches.strict.allow-null-values=false");
  }

  @Test
  void secondCall_isAHit_oneScriptCallOnTheServer_andTheMethodDoesNotRun() {
    runner.run(context -> {
      Catalog catalog = context.getBean(Catalog.class);
      assertThat(catalog.price("A-1")).isEqualTo(new Price("A-1", 300));
      CommandStats.reset(server);
      assertThat(catalog.price("A-1")).isEqualTo(new Price("A-1", 300));
      assertThat(CommandStats.calls(server, "evalsha")).as("one read script, nothing stored").isEqualTo(1);
      assertThat(CommandStats.calls(server, "hset")).isZero();
      assertThat(Catalog.RUNS).hasValue(1);
      assertThat(functionCache(context, "prices").stats().hits()).isEqualTo(1);
      assertThat(catalog.price("A-1", 2)).as("two parameters are another key").isEqualTo(new Price("A-1", 600));
      assertThat(Catalog.RUNS).hasValue(2);
    });
  }

  @Test
  void cacheEvict_removesOneKey_andAllEntriesRemovesEveryKey() {
    runner.run(context -> {
      Catalog catalog = context.getBean(Catalog.class);
      catalog.price("A");
      catalog.price("B");
      catalog.price("B", 3);
      assertThat(functionCache(context, "prices").size()).isEqualTo(3);
      catalog.forget("A");
      assertThat(functionCache(context, "prices").size()).isEqualTo(2);
      catalog.price("B");
      assertThat(Catalog.RUNS).as("B is still cached").hasValue(3);
      catalog.price("A");
      assertThat(Catalog.RUNS).as("A was evicted").hasValue(4);
      catalog.forgetAll();
      assertThat(functionCache(context, "prices").size()).isZero();
      catalog.price("B", 3);
      assertThat(Catalog.RUNS).hasValue(5);
    });
  }

  @Test
  void cachePut_withASpelKey_replacesWhatTheGeneratedKeyReads() {
    runner.run(context -> {
      Catalog catalog = context.getBean(Catalog.class);
      catalog.price("C");
      catalog.reprice("C", 1234);
      assertThat(catalog.price("C")).isEqualTo(new Price("C", 1234));
      assertThat(Catalog.RUNS).hasValue(2);
      catalog.list("C");
      catalog.replace("C");
      assertThat(catalog.price("C")).isEqualTo(new Price("C", 1));
      catalog.list("C");
      assertThat(Catalog.RUNS).as("@Caching evicted the list and put the price").hasValue(5);
    });
  }

  @Test
  void genericReturnTypes_roundTrip_typedByTheDeclaredType() {
    runner.run(context -> {
      Catalog catalog = context.getBean(Catalog.class);
      List<Price> first = catalog.list("L");
      List<Price> second = catalog.list("L");
      assertThat(second).isEqualTo(first).allSatisfy(p -> assertThat(p).isInstanceOf(Price.class));
      assertThat(catalog.find("O")).contains(new Price("O", 3));
      assertThat(catalog.find("O")).contains(new Price("O", 3));
      assertThat(catalog.find("")).isEmpty();
      assertThat(catalog.find("")).isEmpty();
      assertThat(Catalog.RUNS).as("a list and two optionals").hasValue(3);
      assertThat(catalog.priceAsync("F").get(5, TimeUnit.SECONDS)).isEqualTo(new Price("F", 9));
      assertThat(catalog.priceAsync("F").get(5, TimeUnit.SECONDS)).isEqualTo(new Price("F", 9));
      assertThat(Catalog.RUNS).hasValue(4);
      assertThat(catalog.priceAsyncOnce("S").get(5, TimeUnit.SECONDS)).isEqualTo(new Price("S", 11));
      assertThat(catalog.priceAsyncOnce("S").get(5, TimeUnit.SECONDS)).isEqualTo(new Price("S", 11));
      assertThat(Catalog.RUNS).as("sync with a future: the async memoized path").hasValue(5);
      assertThat(functionCache(context, "async-sync").stats().loads()).isEqualTo(1);
      List<?> keys = (List<?>) server.command("KEYS", "recall:fn:lists:*data");
      assertThat(keys).hasSize(1);
      List<?> stored = (List<?>) server.command("HVALS", String.valueOf(keys.get(0)));
      assertThat(String.valueOf(stored.get(0))).as("plain JSON, no type information")
          .contains("\"sku\":\"L\"").doesNotContain("@class").doesNotContain("Price");
    });
  }

  @Test
  void nullResults_followAllowNullValues() {
    runner.run(context -> {
      Catalog catalog = context.getBean(Catalog.class);
      assertThat(catalog.missing("N")).isNull();
      assertThat(catalog.missing("N")).isNull();
      assertThat(Catalog.RUNS).as("a cached null is a hit").hasValue(1);
      assertThatThrownBy(() -> catalog.strictMissing("N"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'strict' does not allow null values")
          .hasMessageContaining("unless");
    });
  }

  @Test
  void ttl_expiresEntries() throws Exception {
    runner.run(context -> {
      Catalog catalog = context.getBean(Catalog.class);
      long first = catalog.stamp("t");
      // The TTL (5 s) is far longer than a call, so the second call is a hit even on a loaded machine.
      assertThat(catalog.stamp("t")).isEqualTo(first);
      Await.until(Duration.ofSeconds(20), () -> catalog.stamp("t") != first, () -> "the entry to expire");
    });
  }

  @Test
  void unsupportedKeyType_failsAtTheFirstCall_namingMethodAndParameter() {
    runner.run(context -> {
      Catalog catalog = context.getBean(Catalog.class);
      assertThatThrownBy(() -> catalog.byObject(new Object()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Catalog.byObject")
          .hasMessageContaining("parameter 0 ('widget'")
          .hasMessageContaining("java.lang.Object");
      assertThat(Catalog.RUNS).hasValue(0);
    });
  }

  @Test
  void keys_agreeWithAMemoizedFunctionOfTheSameName() {
    runner.run(context -> {
      Catalog catalog = context.getBean(Catalog.class);
      catalog.price("M");
      Price memoized = functionCache(context, "prices")
          .memoize("prices", Price.class, (String sku) -> new Price(sku, -1)).apply("M");
      assertThat(memoized).isEqualTo(new Price("M", 100));
      assertThat(functionCache(context, "prices").invalidate("prices", "M")).isTrue();
      catalog.price("M");
      assertThat(Catalog.RUNS).hasValue(2);
    });
  }

  @Test
  void managerCache_withoutTheResolver_readsPlainJson_orTheTypeAsked() {
    runner.run(context -> {
      context.getBean(Catalog.class).price("P");
      org.springframework.cache.Cache cache = context.getBean(CacheManager.class).getCache("prices");
      assertThat(cache.get(RecallKey.of("P"), Price.class)).isEqualTo(new Price("P", 100));
      assertThat(cache.get(RecallKey.of("P")).get()).isInstanceOf(java.util.Map.class);
      assertThat(cache.get("P", Price.class)).as("a one-parameter key is the parameter").isEqualTo(new Price("P", 100));
      assertThat(cache.get("absent")).isNull();
      cache.put("Q", Optional.empty().orElse(null));
      assertThat(cache.get("Q")).isNotNull().extracting(org.springframework.cache.Cache.ValueWrapper::get).isNull();
    });
  }

  static FunctionCache functionCache(AssertableApplicationContext context, String name) {
    return (FunctionCache) context.getBean(CacheManager.class).getCache(name).getNativeCache();
  }
}
