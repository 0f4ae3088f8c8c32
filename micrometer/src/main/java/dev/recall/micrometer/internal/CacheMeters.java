package dev.recall.micrometer.internal;

import dev.recall.function.StatsRecorder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A function cache's recorder that counts each event into Micrometer meters tagged by cache and function. A
 * function's meters are registered on its first event and found again by a map look-up that allocates nothing, so
 * recording an event costs a hash look-up and a counter increment. Never throws: when the registry refuses a
 * function's meters, that function's events are dropped (logged once).
 * Thread-safe.
 */
public final class CacheMeters implements StatsRecorder {
  private final MeterRegistry registry;
  private final Tags tags;
  private final ConcurrentHashMap<String, FunctionMeters> functions = new ConcurrentHashMap<>();
  // Held here so the size gauge, which Micrometer holds weakly, lives as long as the cache that holds this recorder.
  private final @Nullable PeriodicReading size;

  /**
   * Records the events of the cache named {@code cache} into {@code registry}, with {@code tags} beside the cache and
   * function tags; with a {@code size} source, also registers the {@code cache.size} gauge, read at most once per
   * {@code sizeInterval}.
   */
  public CacheMeters(MeterRegistry registry, String cache, Iterable<Tag> tags,
      @Nullable LongSupplier size, Duration sizeInterval) {
    this.registry = registry;
    this.tags = Tags.of(tags).and("cache", cache);
    if (size == null) {
      this.size = null;
    } else {
      this.size = new PeriodicReading(size, registry.config().clock(), sizeInterval);
      Gauge.builder("cache.size", this.size, PeriodicReading::value).tags(this.tags)
          .description("Live entries in Redis, all functions together (read at most once per "
              + sizeInterval.toSeconds() + " s)")
          .register(registry);
    }
  }

  private FunctionMeters meters(String function) {
    FunctionMeters meters = functions.get(function);
    return meters != null ? meters : functions.computeIfAbsent(function, this::register);
  }

  private FunctionMeters register(String function) {
    Tags functionTags = tags.and("function", function);
    try {
      return new FunctionMeters(registry, functionTags);
    } catch (RuntimeException e) {
      Unregistered.refused("function cache meters " + functionTags, e);
      return new FunctionMeters(Unregistered.REGISTRY, functionTags);
    }
  }

  @Override
  public void recordHit(String function) {
    meters(function).hits.increment();
  }

  @Override
  public void recordMiss(String function) {
    meters(function).misses.increment();
  }

  @Override
  public void recordStore(String function) {
    meters(function).puts.increment();
  }

  @Override
  public void recordEvictions(String function, long count) {
    meters(function).evictions.increment(count);
  }

  @Override
  public void recordError(String function, Throwable error) {
    meters(function).errors.increment();
  }

  @Override
  public void recordLoad(String function, long nanos, boolean success) {
    FunctionMeters meters = meters(function);
    if (success) {
      meters.loadSuccesses.increment();
      meters.loadSuccessTime.record(nanos, TimeUnit.NANOSECONDS);
    } else {
      meters.loadFailures.increment();
      meters.loadFailureTime.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void recordStampedeWait(String function, long nanos) {
    meters(function).stampedeWaits.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void recordLeaseLapse(String function) {
    meters(function).leaseLapses.increment();
  }

  @Override
  public void recordCorruptRemoved(String function, Throwable problem) {
    meters(function).corruptRemoved.increment();
  }

  @Override
  public void recordRefresh(String function, boolean success) {
    FunctionMeters meters = meters(function);
    (success ? meters.refreshes : meters.refreshFailures).increment();
  }

  @Override
  public void recordStaleServed(String function, Throwable error) {
    meters(function).staleServed.increment();
  }

  @Override
  public void recordNearHit(String function) {
    meters(function).nearHits.increment();
  }
}
