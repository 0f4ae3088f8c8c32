package dev.recall.spring;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.CacheOperationInvocationContext;
import org.springframework.cache.interceptor.CacheResolver;

/**
 * Resolves each cache operation's caches to views that decode values to the cached method's declared generic
 * return type ({@code List<Order>}, {@code Optional<Price>} as {@code Price}), so nothing reads type information
 * from the data. Thread-safe.
 */
public final class RecallCacheResolver implements CacheResolver {
  private final RecallCacheManager manager;

  /**
   * Creates the resolver over a manager.
   *
   * @param manager the manager whose caches operations are resolved to
   * @throws NullPointerException when {@code manager} is null
   */
  public RecallCacheResolver(RecallCacheManager manager) {
    this.manager = Objects.requireNonNull(manager, "manager");
  }

  /**
   * Returns the operation's caches, typed for its method.
   *
   * @throws IllegalArgumentException when a cache is not declared and the manager is not dynamic
   */
  @Override
  public Collection<? extends Cache> resolveCaches(CacheOperationInvocationContext<?> context) {
    List<Cache> caches = new ArrayList<>();
    for (String name : context.getOperation().getCacheNames()) {
      Cache cache = manager.getCache(name, context.getMethod());
      if (cache == null) {
        throw new IllegalArgumentException("no Recall cache named '" + name + "' for " + context.getOperation()
            + " (the cache manager creates only declared caches)");
      }
      caches.add(cache);
    }
    return caches;
  }
}
