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

  /** Creates the auto-configuration; Spring Boot does, when the application has a {@link RecallClient} bean. */
  public RecallCacheAutoConfiguration() {}

  /**
   * The cache manager, with the {@code recall.cache.*} and {@code recall.caches.*} properties applied, then the
   * customizers; its client is got on first use, so caches fail open while Redis is down. Created unless the
   * application declares a {@link CacheManager}.
   *
   * @param client the application's client, got when a cache is first used
   * @param properties the bound {@code recall.*} properties
   * @param customizers the customizer beans, applied in their order after the properties
   * @return the cache manager
   */
  @Bean
  @ConditionalOnMissingBean(CacheManager.class)
  public RecallCacheManager cacheManager(ObjectProvider<RecallClient> client, RecallProperties properties,
      ObjectProvider<RecallCacheManagerCustomizer> customizers) {
    RecallCacheManager.Builder builder = RecallCacheManager.builder(client::getObject);
    CacheSettingsMapper.apply(properties, builder);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /**
   * Gives {@code @EnableCaching} the resolver and key generator of Recall's caches; created when there is a
   * {@link RecallCacheManager} bean and the application declares no {@link CachingConfigurer}.
   *
   * @param cacheManager the manager whose caches cached methods use
   * @return the caching configurer
   */
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
