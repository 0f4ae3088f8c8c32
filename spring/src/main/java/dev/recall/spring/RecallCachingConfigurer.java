package dev.recall.spring;

import java.util.Objects;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.KeyGenerator;

/**
 * Sets up {@code @EnableCaching} for a {@link RecallCacheManager}: its {@link RecallCacheResolver} (values typed by
 * the declared return types) and {@link RecallKeyGenerator} (keys hashed as memoized arguments). Declare it as a
 * bean beside the manager when not using the Boot auto-configuration, which declares it for you.
 */
public class RecallCachingConfigurer implements CachingConfigurer {
  private final RecallCacheManager manager;
  private final RecallCacheResolver resolver;
  private final RecallKeyGenerator keys = new RecallKeyGenerator();

  /**
   * Creates the configurer over a manager.
   *
   * @param manager the manager whose caches {@code @EnableCaching} uses
   * @throws NullPointerException when {@code manager} is null
   */
  public RecallCachingConfigurer(RecallCacheManager manager) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.resolver = new RecallCacheResolver(manager);
  }

  @Override
  public CacheManager cacheManager() {
    return manager;
  }

  @Override
  public CacheResolver cacheResolver() {
    return resolver;
  }

  @Override
  public KeyGenerator keyGenerator() {
    return keys;
  }
}
