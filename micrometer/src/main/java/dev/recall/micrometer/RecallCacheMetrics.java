package dev.recall.micrometer;

import dev.recall.function.FunctionCache;
import dev.recall.micrometer.internal.CacheMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * Binds a function cache's meters to a registry, under the names Micrometer uses for Caffeine and Spring caches, so
 * their dashboards read Recall's unchanged:
 *
 * <pre>{@code
 * FunctionCache cache = RecallCacheMetrics.monitor(registry, client.functionCache(config), "app", "shop");
 * }</pre>
 *
 * <p>Every meter is tagged {@code cache} (the cache's name) and, except {@code cache.size}, {@code function} (the
 * memoized function's name, so the set of names the application memoizes), plus the given tags:
 * {@code cache.gets} ({@code result=hit|miss}, {@code tier=near|remote}), {@code cache.puts}, {@code cache.evictions},
 * {@code cache.load} ({@code result=success|failure}), the timer {@code cache.load.duration} ({@code result} too), the gauge
 * {@code cache.size} (a round trip, so read at most once per {@link #SIZE_READ_INTERVAL}); and Recall's own
 * {@code recall.cache.errors}, the timer {@code recall.cache.stampede.waits}, {@code recall.cache.lease.lapses},
 * {@code recall.cache.corrupt.removed}, {@code recall.cache.refreshes} ({@code result=success|failure}) and
 * {@code recall.cache.stale.served}.
 *
 * <p>The meters count from binding on (events are received through {@link FunctionCache#addRecorder}), so bind a
 * cache right after building it; a function's meters appear with its first event. Bind a cache to a registry once:
 * binding it again with the same tags does nothing.
 */
public final class RecallCacheMetrics implements MeterBinder {
  /** How long the {@code cache.size} gauge keeps a value read from Redis before reading it again. */
  public static final Duration SIZE_READ_INTERVAL = Duration.ofSeconds(5);

  // The caches bound so far, weakly: a cache that is gone takes its entry with it.
  private static final Map<FunctionCache, List<Binding>> BOUND = new WeakHashMap<>();

  private final FunctionCache cache;
  private final Tags tags;

  /**
   * Creates a binder of {@code cache}'s meters with {@code tags} beside the cache and function tags.
   *
   * @param cache the function cache whose events and size the meters report
   * @param tags tags added to every meter, beside {@code cache} and {@code function}
   * @throws NullPointerException when an argument is null
   */
  public RecallCacheMetrics(FunctionCache cache, Iterable<Tag> tags) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * Binds {@code cache}'s meters to {@code registry} and returns the cache; {@code tags} are key/value pairs added to
   * every meter.
   *
   * @param registry the registry the meters are registered in
   * @param cache the function cache to monitor, best bound right after it is built
   * @param tags alternating tag keys and values, none null
   * @return {@code cache}, for chaining
   * @throws IllegalArgumentException when the tags are not pairs
   * @throws NullPointerException when {@code registry}, {@code cache} or a tag key or value is null
   */
  public static FunctionCache monitor(MeterRegistry registry, FunctionCache cache, String... tags) {
    return monitor(registry, cache, Tags.of(tags));
  }

  /**
   * Binds {@code cache}'s meters to {@code registry}, with {@code tags} on every meter, and returns the cache.
   *
   * @param registry the registry the meters are registered in
   * @param cache the function cache to monitor, best bound right after it is built
   * @param tags tags added to every meter, beside {@code cache} and {@code function}
   * @return {@code cache}, for chaining
   * @throws NullPointerException when an argument is null
   */
  public static FunctionCache monitor(MeterRegistry registry, FunctionCache cache, Iterable<Tag> tags) {
    new RecallCacheMetrics(cache, tags).bindTo(registry);
    return cache;
  }

  /** Registers the size gauge and starts counting the cache's events into {@code registry}. */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    String name = cache.config().name();
    // A second recorder on the same registry with the same tags would count every event twice.
    synchronized (BOUND) {
      List<Binding> bindings = BOUND.computeIfAbsent(cache, c -> new ArrayList<>());
      Binding binding = new Binding(registry, tags);
      if (bindings.contains(binding)) {
        return;
      }
      bindings.add(binding);
    }
    cache.addRecorder(new CacheMeters(registry, name, tags, cache::size, SIZE_READ_INTERVAL));
  }

  /** A registry (compared by identity) and the tags a cache was bound to it with. */
  private record Binding(MeterRegistry registry, Tags tags) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Binding binding && binding.registry == registry && binding.tags.equals(tags);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(registry) * 31 + tags.hashCode();
    }
  }
}
