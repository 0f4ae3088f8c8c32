package dev.recall.micrometer.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/** The meters of one memoized function of one cache, registered together on its first event. */
final class FunctionMeters {
  final Counter hits;
  final Counter nearHits;
  final Counter misses;
  final Counter puts;
  final Counter evictions;
  final Counter loadSuccesses;
  final Counter loadFailures;
  final Timer loadSuccessTime;
  final Timer loadFailureTime;
  final Counter errors;
  final Timer stampedeWaits;
  final Counter leaseLapses;
  final Counter corruptRemoved;
  final Counter refreshes;
  final Counter refreshFailures;
  final Counter staleServed;

  FunctionMeters(MeterRegistry registry, Tags tags) {
    // The tier tells near hits (this JVM) from remote ones (Redis). Prometheus wants the same tag keys on every
    // meter of a name, so misses carry it too (tier=remote: a miss always goes to Redis).
    hits = counter(registry, "cache.gets", tags.and("result", "hit", "tier", "remote"), "Calls answered from Redis");
    nearHits = counter(registry, "cache.gets", tags.and("result", "hit", "tier", "near"),
        "Calls answered by the near cache in this JVM");
    misses = counter(registry, "cache.gets", tags.and("result", "miss", "tier", "remote"),
        "Calls that computed their value or waited for another caller's computation");
    puts = counter(registry, "cache.puts", tags, "Values stored");
    evictions = counter(registry, "cache.evictions", tags, "Entries the eviction policy removed to make room");
    loadSuccesses = counter(registry, "cache.load", tags.and("result", "success"), "Computations that returned");
    loadFailures = counter(registry, "cache.load", tags.and("result", "failure"), "Computations that threw");
    loadSuccessTime = timer(registry, "cache.load.duration", tags.and("result", "success"),
        "Time spent computing values");
    loadFailureTime = timer(registry, "cache.load.duration", tags.and("result", "failure"),
        "Time spent computing values");
    errors = counter(registry, "recall.cache.errors", tags,
        "Calls during which Redis or the codec failed (served by the function when failing open)");
    stampedeWaits = timer(registry, "recall.cache.stampede.waits", tags,
        "Waits for another caller's computation of the same key");
    leaseLapses = counter(registry, "recall.cache.lease.lapses", tags,
        "Waits that ended because the computing caller's lease lapsed");
    corruptRemoved = counter(registry, "recall.cache.corrupt.removed", tags,
        "Unreadable or foreign entries removed");
    refreshes = counter(registry, "recall.cache.refreshes", tags.and("result", "success"),
        "Background refreshes ahead of expiry that stored a new value");
    refreshFailures = counter(registry, "recall.cache.refreshes", tags.and("result", "failure"),
        "Background refreshes whose computation failed, leaving the current value");
    staleServed = counter(registry, "recall.cache.stale.served", tags,
        "Calls answered with an expired value kept for the stale window, because recomputing failed");
  }

  private static Counter counter(MeterRegistry registry, String name, Tags tags, String description) {
    return Counter.builder(name).tags(tags).description(description).register(registry);
  }

  private static Timer timer(MeterRegistry registry, String name, Tags tags, String description) {
    return Timer.builder(name).tags(tags).description(description).register(registry);
  }
}
