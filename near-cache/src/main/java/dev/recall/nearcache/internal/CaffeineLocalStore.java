package dev.recall.nearcache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.recall.function.spi.LocalStore;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LocalStore} over a Caffeine cache whose entries expire at the deadline each was put with. Caffeine reads
 * {@link System#nanoTime()}, the clock the deadlines are on.
 */
public final class CaffeineLocalStore implements LocalStore {
  private final Cache<String, Held> cache;

  /** Creates an empty store of at most about {@code maxEntries} entries. */
  public CaffeineLocalStore(long maxEntries) {
    this.cache = Caffeine.newBuilder()
        .maximumSize(maxEntries)
        .expireAfter(new UntilDeadline())
        // Maintenance (eviction, expiry) runs on the calling thread: no pool thread per store, nothing to shut down.
        .executor(Runnable::run)
        .build();
  }

  @Override
  public @Nullable Object get(String key) {
    Held held = cache.getIfPresent(key);
    return held == null ? null : held.value();
  }

  @Override
  public void put(String key, Object value, long deadlineNanos) {
    cache.put(key, new Held(value, deadlineNanos));
  }

  @Override
  public void invalidate(String key) {
    cache.invalidate(key);
  }

  @Override
  public void invalidateAll() {
    cache.invalidateAll();
  }

  @Override
  public long estimatedSize() {
    return cache.estimatedSize();
  }

  /** A value and the {@link System#nanoTime()} at which it expires. */
  private record Held(Object value, long deadlineNanos) {}

  /** Expires each entry at its own deadline, counted from its last write (reads do not extend it). */
  private static final class UntilDeadline implements Expiry<String, Held> {
    @Override
    public long expireAfterCreate(String key, Held held, long currentTime) {
      return until(held.deadlineNanos(), currentTime);
    }

    @Override
    public long expireAfterUpdate(String key, Held held, long currentTime, long currentDuration) {
      return until(held.deadlineNanos(), currentTime);
    }

    /** Nanoseconds from now to the deadline, 0 when past; {@link Long#MAX_VALUE} (never) stays never. */
    private static long until(long deadline, long now) {
      if (deadline == Long.MAX_VALUE) {
        return Long.MAX_VALUE;
      }
      return Math.max(0, deadline - now);
    }

    @Override
    public long expireAfterRead(String key, Held held, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
