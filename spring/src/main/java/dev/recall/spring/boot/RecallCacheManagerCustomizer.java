package dev.recall.spring.boot;

import dev.recall.spring.RecallCacheManager;

/**
 * Adjusts the auto-configured {@link RecallCacheManager} before it is built (after the properties are applied);
 * declare one or more as beans.
 */
@FunctionalInterface
public interface RecallCacheManagerCustomizer {

  /**
   * Adjusts the builder.
   *
   * @param builder the manager's builder, with the {@code recall.*} properties and earlier customizers applied
   */
  void customize(RecallCacheManager.Builder builder);
}
