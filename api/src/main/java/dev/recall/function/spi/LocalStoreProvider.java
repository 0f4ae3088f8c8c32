package dev.recall.function.spi;

/**
 * Creates the {@link LocalStore}s of near caches; found with {@link java.util.ServiceLoader} (the
 * {@code recall-near-cache} module provides one over Caffeine), so the API needs no local cache library itself.
 */
public interface LocalStoreProvider {

  /**
   * Creates an empty store holding at most about {@code maxEntries} entries.
   *
   * @param maxEntries the bound on the store's size, 1 or more
   * @return a new, empty store
   * @throws IllegalArgumentException when {@code maxEntries} is less than 1
   */
  LocalStore create(long maxEntries);
}
