package dev.recall.examples.spring;

import dev.recall.RecallConnectionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.CacheErrorHandler;

/**
 * Rides out a Redis outage in {@code @CacheEvict}: Recall's caches read and store fail open by themselves, but an
 * eviction or a clear throws when Redis cannot be reached, so that a stale entry is never kept silently. This
 * handler logs that failure as one line naming the cache and the key, and lets the caller go on (the entry then
 * lives until its TTL). Any other failure is rethrown, as Spring's default handler does.
 */
final class OutageLoggingErrorHandler implements CacheErrorHandler {
  private static final Logger LOG = LoggerFactory.getLogger(OutageLoggingErrorHandler.class);

  @Override
  public void handleCacheGetError(RuntimeException exception, Cache cache, Object key) {
    throw exception;
  }

  @Override
  public void handleCachePutError(RuntimeException exception, Cache cache, Object key, @Nullable Object value) {
    throw exception;
  }

  @Override
  public void handleCacheEvictError(RuntimeException exception, Cache cache, Object key) {
    RecallConnectionException outage = outage(exception);
    LOG.warn("cache '{}': could not evict {} ({}); it stays until its TTL", cache.getName(), key,
        outage.getMessage());
  }

  @Override
  public void handleCacheClearError(RuntimeException exception, Cache cache) {
    RecallConnectionException outage = outage(exception);
    LOG.warn("cache '{}': could not clear ({}); its entries stay until their TTL", cache.getName(),
        outage.getMessage());
  }

  /** The connection failure behind {@code exception} (however Spring wrapped it), else {@code exception} rethrown. */
  private static RecallConnectionException outage(RuntimeException exception) {
    for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RecallConnectionException connection) {
        return connection;
      }
    }
    throw exception;
  }
}
