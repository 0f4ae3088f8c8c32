package dev.recall.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.KeyLayout;
import dev.recall.spring.boot.RecallAutoConfiguration;
import dev.recall.spring.boot.RecallCacheAutoConfiguration;
import dev.recall.spring.boot.RecallHealthAutoConfiguration;
import dev.recall.spring.boot.RecallHealthIndicator;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration, through each driver: what it declares, how it binds, when it backs off, how it fails. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class AutoConfigurationTest {
  private final String driver;
  private RedisServer server;
  private ApplicationContextRunner runner;

  AutoConfigurationTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void setUp(RedisServer server) {
    this.server = server;
    runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RecallAutoConfiguration.class, RecallCacheAutoConfiguration.class,
            RecallHealthAutoConfiguration.class))
        .withPropertyValues("recall.driver=" + driver);
  }

  private ApplicationContextRunner onServer() {
    return runner.withPropertyValues("recall.url=" + server.url());
  }

  @Test
  void withoutAUrl_nothingIsDeclared() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(RecallClient.class);
      assertThat(context).doesNotHaveBean(CacheManager.class);
      assertThat(context).doesNotHaveBean(RecallHealthIndicator.class);
    });
  }

  @Test
  void withAUrl_theClientCacheManagerConfigurerAndHealthIndicatorAreDeclared() {
    onServer().run(context -> {
      assertThat(context).hasSingleBean(RecallClient.class);
      assertThat(context).hasSingleBean(RecallCacheManager.class);
      assertThat(context).hasSingleBean(RecallCachingConfigurer.class);
      assertThat(context).hasSingleBean(RecallHealthIndicator.class);
      assertThat(context.getBean(RecallClient.class).driverName()).isEqualTo(driver);
    });
  }

  @Test
  void cacheProperties_bind_overTheDefaults() {
    onServer().withPropertyValues(
        "recall.cache.default.max-size=500", "recall.cache.default.ttl=10m",
        "recall.caches.orders.policy=lfu", "recall.caches.orders.max-size=42", "recall.caches.orders.layout=multiple",
        "recall.caches.orders.fail-open=false", "recall.caches.orders.stampede-protection=false",
        "recall.caches.orders.lease-time=3s", "recall.caches.orders.ttl-jitter=0.2",
        "recall.cache.dynamic=false").run(context -> {
          RecallCacheManager manager = context.getBean(RecallCacheManager.class);
          assertThat(manager.getCacheNames()).containsExactly("orders");
          assertThat(manager.getCache("undeclared")).as("not dynamic").isNull();
          FunctionCacheConfig orders = ((FunctionCache) manager.getCache("orders").getNativeCache()).config();
          assertThat(orders.policy()).isEqualTo(EvictionPolicy.LFU);
          assertThat(orders.maxSize()).isEqualTo(42);
          assertThat(orders.ttl()).as("from the defaults").isEqualTo(Duration.ofMinutes(10));
          assertThat(orders.layout()).isEqualTo(KeyLayout.MULTIPLE);
          assertThat(orders.failOpen()).isFalse();
          assertThat(orders.stampedeProtection()).isFalse();
          assertThat(orders.leaseTime()).isEqualTo(Duration.ofSeconds(3));
          assertThat(orders.ttlJitter()).isEqualTo(0.2);
        });
    onServer().withPropertyValues("recall.cache.default.max-size=7").run(context -> {
      FunctionCache dynamic = (FunctionCache) context.getBean(CacheManager.class).getCache("any").getNativeCache();
      assertThat(dynamic.config().maxSize()).isEqualTo(7);
      assertThat(dynamic.config().policy()).isEqualTo(EvictionPolicy.LRU);
    });
  }

  @Test
  void freshnessAndNearCacheProperties_bind_andBadOnesFailStartUp() {
    onServer().withPropertyValues("recall.caches.quotes.ttl=5m", "recall.caches.quotes.refresh-after-write=4m",
        "recall.caches.quotes.stale-if-error=30m", "recall.caches.quotes.near-cache.max-entries=1000",
        "recall.caches.quotes.near-cache.max-age=30s").run(context -> {
          FunctionCacheConfig quotes = ((FunctionCache) context.getBean(RecallCacheManager.class).getCache("quotes")
              .getNativeCache()).config();
          assertThat(quotes.refreshAfterWrite()).isEqualTo(Duration.ofMinutes(4));
          assertThat(quotes.staleIfError()).isEqualTo(Duration.ofMinutes(30));
          assertThat(quotes.nearCache().maxEntries()).isEqualTo(1000);
          assertThat(quotes.nearCache().maxAge()).isEqualTo(Duration.ofSeconds(30));
        });
    onServer().withPropertyValues("recall.caches.quotes.ttl=1m", "recall.caches.quotes.refresh-after-write=2m")
        .run(context -> assertThat(context).getFailure()
            .hasStackTraceContaining("recall.caches.quotes.refresh-after-write with value 'PT2M' is invalid: must"
                + " be shorter than recall.caches.quotes.ttl (PT1M) (cache 'quotes')"));
    onServer().withPropertyValues("recall.caches.quotes.near-cache.max-entries=0").run(context ->
        assertThat(context).getFailure().hasStackTraceContaining("recall.caches.quotes.near-cache.max-entries")
            .hasStackTraceContaining("at least 1"));
    onServer().withPropertyValues("recall.caches.quotes.stale-if-error=-1s").run(context ->
        assertThat(context).getFailure().hasStackTraceContaining("recall.caches.quotes.stale-if-error")
            .hasStackTraceContaining("-1"));
  }

  @Test
  void settingsThatDoNotCombine_failStartUp_namingEveryPropertyInvolved_andTheCache() {
    onServer().withPropertyValues("recall.cache.default.ttl=10m", "recall.cache.default.refresh-after-write=20m")
        .run(context -> assertThat(context).getFailure()
            .hasStackTraceContaining("recall.cache.default.refresh-after-write with value 'PT20M' is invalid: must be"
                + " shorter than recall.cache.default.ttl (PT10M) (the defaults of every cache)"));
    onServer().withPropertyValues("recall.cache.default.refresh-after-write=2h", "recall.caches.prices.ttl=10m")
        .run(context -> assertThat(context).getFailure()
            .hasStackTraceContaining("recall.cache.default.refresh-after-write with value 'PT2H' is invalid: must be"
                + " shorter than recall.caches.prices.ttl (PT10M) (cache 'prices')"));
    onServer().withPropertyValues("recall.caches.quotes.stale-if-error=5m")
        .run(context -> assertThat(context).getFailure()
            .hasStackTraceContaining("recall.caches.quotes.stale-if-error with value 'PT5M' is invalid: needs a ttl"
                + " (cache 'quotes'): set recall.caches.quotes.ttl or recall.cache.default.ttl"));
  }

  @Test
  void clusterNodes_areTheSeeds() {
    runner.withPropertyValues("recall.cluster.nodes[0]=redis://127.0.0.1:7000",
        "recall.cluster.nodes[1]=redis://127.0.0.1:7001").run(context -> {
          RedisConfig config = context.getBean(RedisConfig.class);
          assertThat(config.isCluster()).isTrue();
          assertThat(config.clusterNodes()).hasSize(2);
        });
  }

  @Test
  void userBeans_makeEachPartBackOff() {
    onServer().withUserConfiguration(OwnBeans.class).run(context -> {
      assertThat(context).getBean(RecallClient.class).isSameAs(context.getBean("ownClient"));
      assertThat(context).hasSingleBean(CacheManager.class).doesNotHaveBean(RecallCacheManager.class);
      assertThat(context).doesNotHaveBean(RecallCachingConfigurer.class);
      assertThat(context).getBean(HealthIndicator.class).isSameAs(context.getBean("ownHealth"));
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    @Bean(destroyMethod = "close")
    RecallClient ownClient(RedisConfig config, org.springframework.core.env.Environment environment) {
      return Recall.connect(config, environment.getRequiredProperty("recall.driver"));
    }

    @Bean
    CacheManager ownCacheManager() {
      return new ConcurrentMapCacheManager();
    }

    @Bean
    CachingConfigurer ownConfigurer() {
      return new CachingConfigurer() { };
    }

    @Bean
    RecallHealthIndicator ownHealth(RecallClient client) {
      return new RecallHealthIndicator(() -> client);
    }
  }

  @Test
  void badProperties_failStartUp_namingThePropertyAndTheValue() {
    onServer().withPropertyValues("recall.caches.orders.policy=newest").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining(
            "recall.caches.orders.policy with value 'newest' is invalid: expected one of [lru, fifo, lfu, mru, rr,"
                + " tlru]"));
    onServer().withPropertyValues("recall.cache.default.max-size=-5").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("recall.cache.default.max-size")
            .hasMessageContaining("-5"));
    onServer().withPropertyValues("recall.caches.orders.layout=diagonal").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("recall.caches.orders.layout")
            .hasMessageContaining("diagonal"));
    runner.withPropertyValues("recall.url=redis://:secret@127.0.0.1:0").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("recall.url")
            .hasMessageNotContaining("secret"));
    onServer().withPropertyValues("recall.caches.orders.ttl=soon").run(context ->
        assertThat(context).getFailure().hasStackTraceContaining("recall.caches.orders.ttl")
            .hasStackTraceContaining("soon"));
  }

  @Test
  void unreachableServer_startsAndFailsOpen_unlessFailFastIsAsked() {
    String nobody = "redis://127.0.0.1:" + RedisServer.freePort();
    runner.withUserConfiguration(CatalogApp.class).withPropertyValues("recall.url=" + nobody).run(context -> {
      assertThat(context).hasNotFailed();
      Catalog.RUNS.set(0);
      Catalog catalog = context.getBean(Catalog.class);
      assertThat(catalog.price("X")).isEqualTo(new Catalog.Price("X", 100));
      assertThat(catalog.price("X")).isEqualTo(new Catalog.Price("X", 100));
      assertThat(Catalog.RUNS).as("failing open, the method runs").hasValue(2);
      assertThat(context.getBean(RecallHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN);
    });
    runner.withPropertyValues("recall.url=" + nobody, "recall.fail-fast=true").run(context ->
        assertThat(context).getFailure().hasMessageContaining("recall.fail-fast=true")
            .hasMessageContaining("cannot be reached"));
    onServer().withPropertyValues("recall.fail-fast=true").run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void databaseTheServerDoesNotHave_failsFastStartUpNamingThePropertyAndTheIndex_elseTheHealthCheckSaysSo() {
    try (RedisServer sixteen = RedisServer.spawn()) {
      String url = "redis://" + sixteen.host() + ":" + sixteen.port() + "/99";
      runner.withPropertyValues("recall.url=" + url, "recall.fail-fast=true").run(context ->
          assertThat(context).getFailure()
              .hasMessageContaining("recall.url=" + url)
              .hasMessageContaining("database 99 does not exist")
              .hasMessageContaining("16 databases"));
      runner.withPropertyValues("recall.url=" + url).run(context -> {
        assertThat(context).hasNotFailed();
        Health health = context.getBean(RecallHealthIndicator.class).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(String.valueOf(health.getDetails().get("error"))).contains("database 99 does not exist");
      });
    }
  }

  @Test
  void healthIndicator_reportsUp_thenAStoppedServerAsDown() {
    RedisServer own = RedisServer.spawn();
    try {
      runner.withPropertyValues("recall.url=" + own.url()).run(context -> {
        HealthIndicator indicator = context.getBean(RecallHealthIndicator.class);
        Health up = indicator.health();
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsEntry("driver", driver).containsKey("latency");
        own.stop();
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
      });
    } finally {
      own.close();
    }
  }

  @Test
  void withoutBootHealth_thereIsNoIndicator() {
    onServer().withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(RecallHealthIndicator.class);
      assertThat(context).hasSingleBean(RecallCacheManager.class);
    });
  }

  @Test
  void meterRegistry_bindsEachCachesMeters() {
    onServer().withUserConfiguration(CatalogApp.class)
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
          Catalog catalog = context.getBean(Catalog.class);
          catalog.price("Z");
          catalog.price("Z");
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get("cache.gets").tag("cache", "prices").tag("result", "hit").counter().count())
              .isEqualTo(1.0);
          assertThat(registry.get("cache.puts").tag("cache", "prices").counter().count()).isEqualTo(1.0);
        });
  }
}
