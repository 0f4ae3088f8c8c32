package dev.recall.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.function.FunctionCache;
import dev.recall.spring.boot.RecallAutoConfiguration;
import dev.recall.spring.boot.RecallCacheAutoConfiguration;
import dev.recall.testkit.OnRedisCluster;
import dev.recall.testkit.RedisCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;

/** The cached application on a Redis Cluster given as {@code recall.cluster.nodes}, through each driver. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@OnRedisCluster
class ClusterCachingTest {
  private final String driver;

  ClusterCachingTest(String driver) {
    this.driver = driver;
  }

  @Test
  void hitsEvictsAndClears_onACluster(RedisCluster cluster) {
    List<String> properties = new ArrayList<>(List.of("recall.driver=" + driver,
        "recall.caches.lists.layout=multiple"));
    for (int i = 0; i < cluster.seedUrls().size(); i++) {
      properties.add("recall.cluster.nodes[" + i + "]=" + cluster.seedUrls().get(i));
    }
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RecallAutoConfiguration.class, RecallCacheAutoConfiguration.class))
        .withUserConfiguration(CatalogApp.class)
        .withPropertyValues(properties.toArray(String[]::new))
        .run(context -> {
          Catalog.RUNS.set(0);
          Catalog catalog = context.getBean(Catalog.class);
          for (String sku : List.of("a", "b", "c")) {
            catalog.price(sku);
            catalog.price(sku);
            catalog.list(sku);
            catalog.list(sku);
          }
          assertThat(Catalog.RUNS).hasValue(6);
          catalog.forget("a");
          catalog.price("a");
          assertThat(Catalog.RUNS).hasValue(7);
          catalog.forgetAll();
          CacheManager manager = context.getBean(CacheManager.class);
          assertThat(((FunctionCache) manager.getCache("prices").getNativeCache()).size()).isZero();
          assertThat(((FunctionCache) manager.getCache("lists").getNativeCache()).size()).isEqualTo(3);
          manager.getCache("lists").clear();
          assertThat(((FunctionCache) manager.getCache("lists").getNativeCache()).size()).isZero();
        });
  }
}
