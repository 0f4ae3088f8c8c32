package dev.recall.nearcache;

import dev.recall.function.spi.LocalStore;
import dev.recall.function.spi.LocalStoreProvider;
import dev.recall.nearcache.internal.CaffeineLocalStore;

/**
 * Provides near caches' local stores over Caffeine: bounded by entry count (Caffeine's W-TinyLFU eviction), each
 * entry expiring at its own deadline. Found through {@link java.util.ServiceLoader}; users never call it.
 */
public final class CaffeineLocalStores implements LocalStoreProvider {

  /** Creates the provider, as {@link java.util.ServiceLoader} does. */
  public CaffeineLocalStores() {}

  /**
   * Creates an empty Caffeine store holding at most about {@code maxEntries} entries.
   *
   * @throws IllegalArgumentException when {@code maxEntries} is less than 1
   */
  @Override
  public LocalStore create(long maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("a near cache holds at least 1 entry, got maxEntries " + maxEntries);
    }
    return new CaffeineLocalStore(maxEntries);
  }
}
