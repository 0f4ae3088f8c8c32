package dev.recall.function;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one function cache. Immutable; build with {@link #builder(String)}, change a copy with
 * {@link #toBuilder()}.
 *
 * @param name the cache's name, part of every key it writes
 * @param policy which entry a full cache evicts
 * @param maxSize the most entries held (per function with {@link KeyLayout#MULTIPLE})
 * @param ttl how long an entry lives after it is stored, or {@code null} for no expiry
 * @param ttlJitter a fraction in [0, 1): each entry's TTL is shortened by a random part of up to this much, so
 *     entries stored together do not all expire together
 * @param layout one set of keys for the cache or one per function
 * @param stampedeProtection whether concurrent misses of one key, across processes, compute it once
 * @param leaseTime how long a computing caller holds its per-key lease; others compute themselves after it lapses
 * @param failOpen whether a call still runs the function and returns its value when Redis or the codec fails
 * @param statsRecorder receives every cache event, for metrics
 * @param refreshAfterWrite how old an entry may get before a read of it starts one background recomputation
 *     across all processes (the reader still gets the current value at once), or {@code null} for no refresh
 * @param staleIfError how long after its expiry an entry is kept, to be returned when recomputing it fails, or
 *     {@code null} for none; kept entries count toward {@code maxSize}
 * @param nearCache the local first level in this JVM, or {@code null} for none
 */
public record FunctionCacheConfig(
    String name,
    EvictionPolicy policy,
    long maxSize,
    @Nullable Duration ttl,
    double ttlJitter,
    KeyLayout layout,
    boolean stampedeProtection,
    Duration leaseTime,
    boolean failOpen,
    StatsRecorder statsRecorder,
    @Nullable Duration refreshAfterWrite,
    @Nullable Duration staleIfError,
    @Nullable NearCacheConfig nearCache) {

  /**
   * Checks the fields; see the builder's setters for the rules.
   *
   * @throws IllegalArgumentException when a setting is out of its range, {@code refreshAfterWrite} is not shorter
   *     than {@code ttl}, or {@code staleIfError} is set without a {@code ttl}
   */
  public FunctionCacheConfig {
    Builder check = new Builder(name);
    check.policy(policy).maxSize(maxSize).ttlJitter(ttlJitter).layout(layout).leaseTime(leaseTime)
        .statsRecorder(statsRecorder);
    if (ttl != null) {
      check.ttl(ttl);
    }
    if (refreshAfterWrite != null) {
      check.refreshAfterWrite(refreshAfterWrite);
      checkRefreshAge("refreshAfterWrite", refreshAfterWrite, ttl, name);
    }
    if (staleIfError != null) {
      check.staleIfError(staleIfError);
      if (ttl == null) {
        throw new IllegalArgumentException("staleIfError (" + staleIfError + ") of cache '" + name + "' needs a ttl:"
            + " without one no entry"
            + " ever turns stale");
      }
    }
  }

  /**
   * Creates the settings as they were before refresh-ahead, stale-if-error and the near cache existed: none is on.
   *
   * @param name the cache's name, part of every key it writes; not blank, without spaces or control characters
   * @param policy which entry a full cache evicts
   * @param maxSize the most entries held, 1 or more (per function with {@link KeyLayout#MULTIPLE})
   * @param ttl how long an entry lives after it is stored, at least 1 ms, or {@code null} for no expiry
   * @param ttlJitter the fraction in [0, 1) by which each entry's TTL is randomly shortened at most
   * @param layout one set of keys for the cache or one per function
   * @param stampedeProtection whether concurrent misses of one key, across processes, compute it once
   * @param leaseTime how long a computing caller holds its per-key lease; at least 1 ms
   * @param failOpen whether a call still runs the function and returns its value when Redis or the codec fails
   * @param statsRecorder receives every cache event, for metrics; {@link StatsRecorder#NONE} for none
   * @throws IllegalArgumentException when a setting is out of its range
   */
  public FunctionCacheConfig(String name, EvictionPolicy policy, long maxSize, @Nullable Duration ttl,
      double ttlJitter, KeyLayout layout, boolean stampedeProtection, Duration leaseTime, boolean failOpen,
      StatsRecorder statsRecorder) {
    this(name, policy, maxSize, ttl, ttlJitter, layout, stampedeProtection, leaseTime, failOpen, statsRecorder,
        null, null, null);
  }

  /**
   * Checks that a refresh age is shorter than the TTL, as an entry would expire before it is refreshed.
   *
   * @param setting the setting's name for the message
   * @param cache the name of the cache whose ttl it is, for the message
   * @throws IllegalArgumentException when {@code refreshAge} is not shorter than {@code ttl}
   */
  static void checkRefreshAge(String setting, Duration refreshAge, @Nullable Duration ttl, String cache) {
    if (ttl != null && refreshAge.compareTo(ttl) >= 0) {
      throw new IllegalArgumentException(setting + " (" + refreshAge + ") must be shorter than the ttl (" + ttl
          + ") of cache '" + cache + "': an entry would expire before it is refreshed");
    }
  }

  /**
   * Shows every setting, the stats recorder as something a person can read: {@code none} for
   * {@link StatsRecorder#NONE}, else the recorder's own {@code toString()} when its class has one, else its class
   * name.
   */
  @Override
  public String toString() {
    return "FunctionCacheConfig[name=" + name + ", policy=" + policy + ", maxSize=" + maxSize + ", ttl=" + ttl
        + ", ttlJitter=" + ttlJitter + ", layout=" + layout + ", stampedeProtection=" + stampedeProtection
        + ", leaseTime=" + leaseTime + ", failOpen=" + failOpen + ", statsRecorder=" + describe(statsRecorder)
        + ", refreshAfterWrite=" + refreshAfterWrite + ", staleIfError=" + staleIfError + ", nearCache=" + nearCache
        + "]";
  }

  private static String describe(StatsRecorder recorder) {
    if (recorder == StatsRecorder.NONE) {
      return "none";
    }
    try {
      if (recorder.getClass().getMethod("toString").getDeclaringClass() != Object.class) {
        return recorder.toString();
      }
    } catch (NoSuchMethodException e) {
      throw new AssertionError("every class has toString()", e);
    }
    String simple = recorder.getClass().getSimpleName();
    return simple.isEmpty() ? recorder.getClass().getName() : simple;
  }

  /**
   * {@return the defaults for a cache: LRU, 10,000 entries, no TTL, single layout, stampede protection, fail-open}
   *
   * @param name the cache's name; not blank, without spaces or control characters
   * @throws IllegalArgumentException when the name is blank or contains a space or a control character
   */
  public static FunctionCacheConfig of(String name) {
    return builder(name).build();
  }

  /**
   * Starts a config with the defaults of {@link #of(String)}.
   *
   * @param name the cache's name; not blank, without spaces or control characters
   * @return a new builder
   * @throws IllegalArgumentException when the name is blank or contains a space or a control character
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** {@return a new builder holding this config's values} */
  public Builder toBuilder() {
    Builder builder = new Builder(name).policy(policy).maxSize(maxSize).ttlJitter(ttlJitter).layout(layout)
        .stampedeProtection(stampedeProtection).leaseTime(leaseTime).failOpen(failOpen).statsRecorder(statsRecorder);
    builder.ttl = ttl;
    builder.refreshAfterWrite = refreshAfterWrite;
    builder.staleIfError = staleIfError;
    builder.nearCache = nearCache;
    return builder;
  }

  /** Builds a {@link FunctionCacheConfig}; each setter checks its value at once and names it when it is wrong. */
  public static final class Builder {
    private final String name;
    private EvictionPolicy policy = EvictionPolicy.LRU;
    private long maxSize = 10_000;
    private @Nullable Duration ttl;
    private double ttlJitter;
    private KeyLayout layout = KeyLayout.SINGLE;
    private boolean stampedeProtection = true;
    private Duration leaseTime = Duration.ofSeconds(10);
    private boolean failOpen = true;
    private StatsRecorder statsRecorder = StatsRecorder.NONE;
    private @Nullable Duration refreshAfterWrite;
    private @Nullable Duration staleIfError;
    private @Nullable NearCacheConfig nearCache;

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
        throw new IllegalArgumentException(
            "function cache name must be non-blank without spaces or control characters, got '" + name + "'");
      }
      this.name = name;
    }

    /**
     * Sets the eviction policy (default LRU).
     *
     * @param policy which entry a full cache evicts
     * @return this builder
     */
    public Builder policy(EvictionPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the most entries held (default 10,000).
     *
     * @param maxSize the bound, 1 or more; per function with {@link KeyLayout#MULTIPLE}
     * @return this builder
     * @throws IllegalArgumentException when it is less than 1
     */
    public Builder maxSize(long maxSize) {
      if (maxSize < 1) {
        throw new IllegalArgumentException("maxSize must be at least 1, got " + maxSize);
      }
      this.maxSize = maxSize;
      return this;
    }

    /**
     * Sets how long entries live after they are stored (default: forever).
     *
     * @param ttl the time to live, at least 1 ms
     * @return this builder
     * @throws IllegalArgumentException when it is shorter than 1 ms
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.toMillis() < 1) {
        throw new IllegalArgumentException("ttl must be at least 1 ms, got " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * Sets the TTL jitter, a fraction in [0, 1) (default 0).
     *
     * @param fraction the most by which each entry's TTL is randomly shortened, as a fraction of the TTL
     * @return this builder
     * @throws IllegalArgumentException when it is outside [0, 1)
     */
    public Builder ttlJitter(double fraction) {
      if (!(fraction >= 0 && fraction < 1)) {
        throw new IllegalArgumentException("ttlJitter must be in [0, 1), got " + fraction);
      }
      this.ttlJitter = fraction;
      return this;
    }

    /**
     * Sets the key layout (default {@link KeyLayout#SINGLE}).
     *
     * @param layout one set of keys for the cache or one per function
     * @return this builder
     */
    public Builder layout(KeyLayout layout) {
      this.layout = Objects.requireNonNull(layout, "layout");
      return this;
    }

    /**
     * Turns cross-process stampede protection on or off (default on); in-JVM single flight is always on.
     *
     * @param enabled whether concurrent misses of one key in several processes wait for one per-key lease holder
     * @return this builder
     */
    public Builder stampedeProtection(boolean enabled) {
      this.stampedeProtection = enabled;
      return this;
    }

    /**
     * Sets how long a computing caller's lease lasts (default 10 s).
     *
     * @param leaseTime how long others wait before computing themselves; at least 1 ms
     * @return this builder
     * @throws IllegalArgumentException when it is shorter than 1 ms
     */
    public Builder leaseTime(Duration leaseTime) {
      Objects.requireNonNull(leaseTime, "leaseTime");
      if (leaseTime.toMillis() < 1) {
        throw new IllegalArgumentException("leaseTime must be at least 1 ms, got " + leaseTime);
      }
      this.leaseTime = leaseTime;
      return this;
    }

    /**
     * Chooses what a call does when Redis or the codec fails: with {@code true} (the default) it runs the function
     * and returns its value; with {@code false} it throws the failure.
     *
     * @param failOpen whether failures of Redis or the codec fall back to running the function
     * @return this builder
     */
    public Builder failOpen(boolean failOpen) {
      this.failOpen = failOpen;
      return this;
    }

    /**
     * Sets the recorder that receives every cache event (default: none).
     *
     * @param recorder the recorder; {@link StatsRecorder#NONE} for none
     * @return this builder
     */
    public Builder statsRecorder(StatsRecorder recorder) {
      this.statsRecorder = Objects.requireNonNull(recorder, "statsRecorder");
      return this;
    }

    /**
     * Refreshes entries ahead of their expiry (default: never): a read of an entry at least this old returns it at
     * once and starts one background recomputation, which the per-key lease makes the only one across all
     * processes; others keep reading the current value until the new one is stored. A failed refresh leaves the
     * current value and is counted. Entries nobody reads are not refreshed. {@link FunctionSpec} may set another
     * age per function.
     *
     * @param age how old an entry may get before a read refreshes it; at least 1 ms
     * @return this builder
     * @throws IllegalArgumentException when it is shorter than 1 ms; {@link #build()} also refuses an age not
     *     shorter than the TTL
     */
    public Builder refreshAfterWrite(Duration age) {
      this.refreshAfterWrite = Settings.atLeastOneMilli("refreshAfterWrite", age);
      return this;
    }

    /**
     * Keeps expired entries for this long (default: not at all), so that when recomputing one fails (the
     * function throws, or its store fails) the stale value is returned instead of the exception, and counted.
     * Kept entries count toward the max size and are evicted before live ones.
     *
     * @param window how long after its expiry an entry is kept; at least 1 ms
     * @return this builder
     * @throws IllegalArgumentException when it is shorter than 1 ms; {@link #build()} also refuses it without a
     *     TTL
     */
    public Builder staleIfError(Duration window) {
      this.staleIfError = Settings.atLeastOneMilli("staleIfError", window);
      return this;
    }

    /**
     * Keeps a near cache: a local first level in this JVM whose hits run no Redis command, kept correct by the
     * invalidations the cache's scripts publish (default: none). Needs {@code dev.recall:recall-near-cache}.
     *
     * @param nearCache the near cache's settings
     * @return this builder
     */
    public Builder nearCache(NearCacheConfig nearCache) {
      this.nearCache = Objects.requireNonNull(nearCache, "nearCache");
      return this;
    }

    /**
     * Builds the config.
     *
     * @return a new config with this builder's settings
     * @throws IllegalArgumentException when {@code refreshAfterWrite} is not shorter than the TTL, or
     *     {@code staleIfError} is set without a TTL
     */
    public FunctionCacheConfig build() {
      return new FunctionCacheConfig(name, policy, maxSize, ttl, ttlJitter, layout, stampedeProtection, leaseTime,
          failOpen, statsRecorder, refreshAfterWrite, staleIfError, nearCache);
    }
  }
}
