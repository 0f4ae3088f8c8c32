package dev.recall.function;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a function cache's near cache: a local first level in this JVM, in front of Redis, kept correct by
 * the invalidations the cache's scripts publish. Immutable; build with {@link #builder(long)}. Needs
 * {@code dev.recall:recall-near-cache} on the class path (its local store is Caffeine).
 *
 * @param maxEntries the most entries held in this JVM per key pair (per function with {@link KeyLayout#MULTIPLE})
 * @param maxAge how long a local copy may be served at most, or {@code null} for as long as Redis holds the entry;
 *     the bound on how late writes by tools other than Recall (which publish no invalidation) are seen
 * @param flushInterval how often the hits answered locally are replayed to Redis, so that LRU, MRU, LFU and TLRU
 *     still see them
 * @param flushHits how many local hits of one key pair make a replay start before the interval is up
 * @param pingInterval how often the invalidation subscription is pinged; a silently dead one is noticed within two
 *     intervals, after which the near cache is emptied and calls go to Redis until it is back
 */
public record NearCacheConfig(
    long maxEntries, @Nullable Duration maxAge, Duration flushInterval, int flushHits, Duration pingInterval) {

  /**
   * Checks the fields; see the builder's setters for the rules.
   *
   * @throws IllegalArgumentException when a setting is out of its range
   */
  public NearCacheConfig {
    Builder check = new Builder(maxEntries).flushInterval(flushInterval).flushHits(flushHits)
        .pingInterval(pingInterval);
    if (maxAge != null) {
      check.maxAge(maxAge);
    }
  }

  /**
   * Returns a near cache of at most {@code maxEntries} entries with the defaults: no age limit of its own, hits
   * replayed every 100 ms or 1,000 hits, a ping every second.
   *
   * @param maxEntries the most entries held in this JVM per key pair; 1 or more
   * @return the config
   * @throws IllegalArgumentException when {@code maxEntries} is less than 1
   */
  public static NearCacheConfig of(long maxEntries) {
    return builder(maxEntries).build();
  }

  /**
   * Starts a near cache config holding at most {@code maxEntries} entries.
   *
   * @param maxEntries the most entries held in this JVM per key pair; 1 or more
   * @return a new builder with the defaults of {@link #of(long)}
   * @throws IllegalArgumentException when {@code maxEntries} is less than 1
   */
  public static Builder builder(long maxEntries) {
    return new Builder(maxEntries);
  }

  /** {@return a new builder holding this config's values} */
  public Builder toBuilder() {
    Builder builder = new Builder(maxEntries).flushInterval(flushInterval).flushHits(flushHits)
        .pingInterval(pingInterval);
    builder.maxAge = maxAge;
    return builder;
  }

  /** Builds a {@link NearCacheConfig}; each setter checks its value at once and names it when it is wrong. */
  public static final class Builder {
    private final long maxEntries;
    private @Nullable Duration maxAge;
    private Duration flushInterval = Duration.ofMillis(100);
    private int flushHits = 1_000;
    private Duration pingInterval = Duration.ofSeconds(1);

    private Builder(long maxEntries) {
      if (maxEntries < 1) {
        throw new IllegalArgumentException("near cache maxEntries must be at least 1, got " + maxEntries);
      }
      this.maxEntries = maxEntries;
    }

    /**
     * Serves a local copy for at most this long (default: as long as Redis holds the entry).
     *
     * @param maxAge the longest a local copy is served; at least 1 ms
     * @return this builder
     * @throws IllegalArgumentException when it is shorter than 1 ms
     */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = Settings.atLeastOneMilli("near cache maxAge", maxAge);
      return this;
    }

    /**
     * Sets how often local hits are replayed to Redis (default 100 ms).
     *
     * @param interval the time between replays; at least 1 ms
     * @return this builder
     * @throws IllegalArgumentException when it is shorter than 1 ms
     */
    public Builder flushInterval(Duration interval) {
      this.flushInterval = Settings.atLeastOneMilli("near cache flushInterval", interval);
      return this;
    }

    /**
     * Sets how many local hits of one key pair start a replay before the interval is up (default 1,000).
     *
     * @param hits the number of hits; 1 or more
     * @return this builder
     * @throws IllegalArgumentException when it is less than 1
     */
    public Builder flushHits(int hits) {
      if (hits < 1) {
        throw new IllegalArgumentException("near cache flushHits must be at least 1, got " + hits);
      }
      this.flushHits = hits;
      return this;
    }

    /**
     * Sets how often the invalidation subscription is pinged (default 1 s).
     *
     * @param interval the time between pings; at least 10 ms
     * @return this builder
     * @throws IllegalArgumentException when it is shorter than 10 ms
     */
    public Builder pingInterval(Duration interval) {
      Objects.requireNonNull(interval, "near cache pingInterval");
      if (interval.isNegative() || interval.toMillis() < 10) {
        throw new IllegalArgumentException("near cache pingInterval must be at least 10 ms, got " + interval);
      }
      this.pingInterval = interval;
      return this;
    }

    /** {@return a new config with this builder's settings} */
    public NearCacheConfig build() {
      return new NearCacheConfig(maxEntries, maxAge, flushInterval, flushHits, pingInterval);
    }
  }
}
