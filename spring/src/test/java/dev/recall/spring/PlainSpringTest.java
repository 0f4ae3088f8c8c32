package dev.recall.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;

/** The README's set-up without Boot ({@link PlainSpringConfig}), run through each driver. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class PlainSpringTest {
  private final String driver;

  PlainSpringTest(String driver) {
    this.driver = driver;
  }

  @Test
  void withoutBoot_theBeansCacheAsTheAutoConfigurationDoes(RedisServer server) {
    new ApplicationContextRunner().withUserConfiguration(PlainSpringConfig.class)
        .withPropertyValues("redis.url=" + server.url(), "redis.driver=" + driver)
        .run(context -> {
          Catalog.RUNS.set(0);
          Catalog catalog = context.getBean(Catalog.class);
          assertThat(catalog.list("K")).isEqualTo(catalog.list("K"));
          assertThat(catalog.list("K").get(0)).isInstanceOf(Catalog.Price.class);
          assertThat(Catalog.RUNS).hasValue(1);
          FunctionCache prices = (FunctionCache) context.getBean(CacheManager.class).getCache("prices")
              .getNativeCache();
          assertThat(prices.config().policy()).isEqualTo(EvictionPolicy.LFU);
          assertThat(prices.config().maxSize()).isEqualTo(50_000);
        });
  }
}
