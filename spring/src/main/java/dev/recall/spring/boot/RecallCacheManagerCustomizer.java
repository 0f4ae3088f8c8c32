package dev.recall.spring.boot;

import dev.recall.spring.RecallCacheManager;

/**
 * Adjusts the auto-configured {@link RecallCacheManager} before it is built (after the properties are applied);
 * declare one or more as beans.
 */
@FunctionalInterface
public interface RecallCacheManagerCustomizer {

  /** Adjusts the builder. */
  void customize(RecallCacheManager.Builder builder);
}
