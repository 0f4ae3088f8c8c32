package dev.recall.spring.boot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The {@code recall.*} properties. Set {@code recall.url} (a single server, or a cluster's seeds as
 * {@code redis://host1:7000,host2:7000}) or {@code recall.cluster.nodes} (one URL per seed).
 *
 * @param url the server's URL, as dev.recall.RedisConfig.fromUrl reads it
 * @param cluster a cluster's seed nodes
 * @param driver the driver to use, 'lettuce' or 'jedis', when both are on the class path
 * @param failFast whether start-up fails when Redis cannot be reached (default false: caches fail open meanwhile)
 * @param cache settings of every cache
 * @param caches settings of named caches, over the defaults: 'recall.caches.NAME.*' takes the properties of
 *     'recall.cache.default.*', such as 'recall.caches.orders.ttl=5m'
 */
@ConfigurationProperties("recall")
public record RecallProperties(
    @Nullable String url,
    @DefaultValue Cluster cluster,
    @Nullable String driver,
    boolean failFast,
    @DefaultValue CacheDefaults cache,
    @Nullable Map<String, CacheSettings> caches) {

  /** {@return the named caches' settings, empty when none is set} */
  public Map<String, CacheSettings> cachesOrEmpty() {
    return caches == null ? Map.of() : caches;
  }

  /**
   * A cluster's seeds.
   *
   * @param nodes one URL per seed node, such as 'redis://10.0.0.1:7000'
   */
  public record Cluster(@Nullable List<String> nodes) {

    /** {@return the seeds, empty when none is set} */
    public List<String> nodesOrEmpty() {
      return nodes == null ? List.of() : nodes;
    }
  }

  /**
   * Settings of every cache ({@code recall.cache.*}).
   *
   * @param defaults the settings each cache starts from ('recall.cache.default.*')
   * @param dynamic whether caches not named under 'recall.caches' are created on first use (default true)
   */
  public record CacheDefaults(
      @Name("default") @DefaultValue CacheSettings defaults, @DefaultValue("true") boolean dynamic) {}

  /**
   * One cache's settings; what is not set comes from {@code recall.cache.default}, else Recall's defaults.
   *
   * @param policy the eviction policy: lru, fifo, lfu, mru, rr or tlru
   * @param maxSize the most entries held
   * @param ttl how long an entry lives, such as '10m'
   * @param ttlJitter a fraction in [0, 1) by which each entry's TTL is randomly shortened
   * @param layout the key layout: single or multiple
   * @param failOpen whether calls run the method when Redis fails
   * @param stampedeProtection whether concurrent misses of one key compute it once across processes
   * @param leaseTime how long a computing caller holds its per-key lease
   * @param allowNullValues whether 'null' results are cached
   * @param refreshAfterWrite how old an entry gets before a read refreshes it in the background, once across all
   *     instances
   * @param staleIfError how long after expiry an entry is kept, to be returned when recomputing it fails
   * @param nearCache the local first level in each instance; off unless 'max-entries' is set
   */
  public record CacheSettings(
      @Nullable String policy,
      @Nullable Long maxSize,
      @Nullable Duration ttl,
      @Nullable Double ttlJitter,
      @Nullable String layout,
      @Nullable Boolean failOpen,
      @Nullable Boolean stampedeProtection,
      @Nullable Duration leaseTime,
      @Nullable Boolean allowNullValues,
      @Nullable Duration refreshAfterWrite,
      @Nullable Duration staleIfError,
      @Nullable NearCacheSettings nearCache) {}

  /**
   * A cache's near cache ({@code recall.caches.<name>.near-cache.*}); needs {@code recall-near-cache}.
   *
   * @param maxEntries the most entries held in each instance; setting it turns the near cache on
   * @param maxAge how long a local copy is served at most
   */
  public record NearCacheSettings(@Nullable Long maxEntries, @Nullable Duration maxAge) {}
}
