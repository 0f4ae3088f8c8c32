package dev.recall.spring.boot;

import dev.recall.RecallClient;
import dev.recall.micrometer.RecallCacheMetrics;
import dev.recall.spring.RecallCacheManager;
import dev.recall.spring.RecallCachingConfigurer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link RecallCacheManager} over the application's {@link RecallClient}, with {@code recall.cache.default.*}
 * and {@code recall.caches.<name>.*} applied, and the {@link RecallCachingConfigurer} that types values by the
 * cached methods' return types. Runs before Boot's own cache auto-configuration, which then backs off.
 */
@AutoConfiguration(after = RecallAutoConfiguration.class,
    beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass(CacheManager.class)
@ConditionalOnBean(RecallClient.class)
public class RecallCacheAutoConfiguration {

  /** The cache manager; its client is got on first use, so caches fail open while Redis is down. */
  @Bean
  @ConditionalOnMissingBean(CacheManager.class)
  public RecallCacheManager cacheManager(ObjectProvider<RecallClient> client, RecallProperties properties,
      ObjectProvider<RecallCacheManagerCustomizer> customizers) {
    RecallCacheManager.Builder builder = RecallCacheManager.builder(client::getObject);
    CacheSettingsMapper.apply(properties, builder);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /** Gives {@code @EnableCaching} the resolver and key generator of Recall's caches. */
  @Bean
  @ConditionalOnMissingBean(CachingConfigurer.class)
  @ConditionalOnBean(RecallCacheManager.class)
  public RecallCachingConfigurer recallCachingConfigurer(RecallCacheManager cacheManager) {
    return new RecallCachingConfigurer(cacheManager);
  }

  /** Binds each cache's meters when {@code recall-micrometer} and a {@link MeterRegistry} are there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({RecallCacheMetrics.class, MeterRegistry.class})
  static class Metrics {

    @Bean
    @ConditionalOnMissingBean(name = "recallCacheMetricsCustomizer")
    RecallCacheManagerCustomizer recallCacheMetricsCustomizer(ObjectProvider<MeterRegistry> registries) {
      return builder -> builder.onCacheCreated(
          cache -> registries.ifAvailable(registry -> RecallCacheMetrics.monitor(registry, cache)));
    }
  }
}
