package dev.recall.spring;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.function.EvictionPolicy;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The README's Spring set-up without Boot: the client, the cache manager and the caching configurer as beans. */
@Configuration(proxyBeanMethods = false)
@EnableCaching
public class PlainSpringConfig {

  @Bean(destroyMethod = "close")
  RecallClient recall(@Value("${redis.url}") String url, @Value("${redis.driver}") String driver) {
    return Recall.connect(RedisConfig.fromUrl(url), driver);
  }

  @Bean
  RecallCacheManager cacheManager(RecallClient recall) {
    return RecallCacheManager.builder(recall)
        .defaults(cache -> cache.maxSize(10_000).ttl(Duration.ofMinutes(10)))
        .cache("prices", cache -> cache.policy(EvictionPolicy.LFU).maxSize(50_000))
        .build();
  }

  @Bean
  RecallCachingConfigurer cachingConfigurer(RecallCacheManager cacheManager) {
    return new RecallCachingConfigurer(cacheManager);   // typed values and Recall's keys for @Cacheable
  }

  @Bean
  Catalog catalog() {
    return new Catalog();
  }
}
