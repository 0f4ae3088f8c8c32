package dev.recall.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.micrometer.internal.CacheMeters;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The recorder behind {@link RecallCacheMetrics}, driven directly (no Redis): each event lands in its meter, a
 * function never seen gets its meters on its first event, and the size gauge reads its source at most once per
 * interval, keeping its last value when a read fails.
 */
class CacheMetersTest {
  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

  private double count(String name, String function, String... tags) {
    return registry.get(name).tag("function", function).tags(tags).counter().count();
  }

  @Test
  void firstEventOfAFunction_registersAllItsMeters_taggedByCacheFunctionAndUserTags() {
    CacheMeters meters = new CacheMeters(registry, "users", Tags.of("app", "shop"), null, Duration.ofSeconds(5));
    assertThat(registry.getMeters()).as("no function seen yet, no size source").isEmpty();

    meters.recordLeaseLapse("never.seen");

    assertThat(count("recall.cache.lease.lapses", "never.seen")).isEqualTo(1);
    List<String> names = registry.getMeters().stream().map(m -> m.getId().getName()).distinct().sorted().toList();
    assertThat(names).containsExactly("cache.evictions", "cache.gets", "cache.load", "cache.load.duration",
        "cache.puts", "recall.cache.corrupt.removed", "recall.cache.errors", "recall.cache.lease.lapses",
        "recall.cache.refreshes", "recall.cache.stale.served", "recall.cache.stampede.waits");
    assertThat(registry.getMeters()).hasSize(16).allSatisfy(meter -> assertThat(meter.getId().getTags())
        .contains(Tag.of("cache", "users"), Tag.of("function", "never.seen"), Tag.of("app", "shop")));
    assertThat(registry.getMeters()).extracting(Meter::getId)
        .filteredOn(id -> id.getName().equals("cache.gets")).extracting(id -> id.getTag("result") + "/" + id.getTag("tier"))
        .containsExactlyInAnyOrder("hit/remote", "hit/near", "miss/remote");
  }

  @Test
  void eachEvent_landsInItsMeter_perFunction() {
    CacheMeters meters = new CacheMeters(registry, "c", Tags.empty(), null, Duration.ofSeconds(5));
    meters.recordHit("f");
    meters.recordHit("f");
    meters.recordHit("g");
    meters.recordNearHit("f");
    meters.recordNearHit("f");
    meters.recordNearHit("f");
    meters.recordMiss("f");
    meters.recordStore("f");
    meters.recordEvictions("f", 3);
    meters.recordError("f", new IllegalStateException("down"));
    meters.recordLoad("f", 2_000_000, true);
    meters.recordLoad("f", 5_000_000, false);
    meters.recordLoad("f", 1_000_000, true);
    meters.recordStampedeWait("f", 7_000_000);
    meters.recordCorruptRemoved("f", new IllegalStateException("bad entry"));
    meters.recordRefresh("f", true);
    meters.recordRefresh("f", true);
    meters.recordRefresh("f", false);
    meters.recordStaleServed("f", new IllegalStateException("backend down"));

    assertThat(count("cache.gets", "f", "result", "hit", "tier", "remote")).isEqualTo(2);
    assertThat(count("cache.gets", "f", "result", "hit", "tier", "near")).isEqualTo(3);
    assertThat(count("cache.gets", "g", "result", "hit", "tier", "remote")).isEqualTo(1);
    assertThat(count("cache.gets", "f", "result", "miss")).isEqualTo(1);
    assertThat(count("cache.puts", "f")).isEqualTo(1);
    assertThat(count("cache.evictions", "f")).isEqualTo(3);
    assertThat(count("recall.cache.errors", "f")).isEqualTo(1);
    assertThat(count("cache.load", "f", "result", "success")).isEqualTo(2);
    assertThat(count("cache.load", "f", "result", "failure")).isEqualTo(1);
    var success = registry.get("cache.load.duration").tags("function", "f", "result", "success").timer();
    assertThat(success.count()).isEqualTo(2);
    assertThat(success.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3);
    var failure = registry.get("cache.load.duration").tags("function", "f", "result", "failure").timer();
    assertThat(failure.count()).isEqualTo(1);
    assertThat(failure.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5);
    var waits = registry.get("recall.cache.stampede.waits").tag("function", "f").timer();
    assertThat(waits.count()).isEqualTo(1);
    assertThat(waits.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7);
    assertThat(count("recall.cache.corrupt.removed", "f")).isEqualTo(1);
    assertThat(count("recall.cache.lease.lapses", "f")).isZero();
    assertThat(count("recall.cache.refreshes", "f", "result", "success")).isEqualTo(2);
    assertThat(count("recall.cache.refreshes", "f", "result", "failure")).isEqualTo(1);
    assertThat(count("recall.cache.stale.served", "f")).isEqualTo(1);
  }

  @Test
  void sizeGauge_readsAtMostOncePerInterval_andKeepsItsLastValueWhenAReadFails() {
    AtomicLong size = new AtomicLong(42);
    AtomicLong reads = new AtomicLong();
    AtomicLong failing = new AtomicLong();
    new CacheMeters(registry, "sized", Tags.empty(), () -> {
      reads.incrementAndGet();
      if (failing.get() == 1) {
        throw new IllegalStateException("Redis is down");
      }
      return size.get();
    }, Duration.ofSeconds(5));
    var gauge = registry.get("cache.size").tag("cache", "sized").gauge();
    assertThat(gauge.getId().getTags()).containsExactly(Tag.of("cache", "sized"));

    assertThat(gauge.value()).isEqualTo(42);
    size.set(50);
    assertThat(gauge.value()).as("within the interval: the last value, no read").isEqualTo(42);
    assertThat(reads).hasValue(1);
    clock.add(Duration.ofSeconds(5));
    assertThat(gauge.value()).isEqualTo(50);
    assertThat(reads).hasValue(2);

    failing.set(1);
    clock.add(Duration.ofSeconds(5));
    assertThat(gauge.value()).as("a failed read keeps the last value").isEqualTo(50);
    assertThat(gauge.value()).as("and is not retried within the interval").isEqualTo(50);
    assertThat(reads).hasValue(3);
  }

  @Test
  void sizeGauge_beforeAnySuccessfulRead_isNaN() {
    new CacheMeters(registry, "down", Tags.empty(), () -> {
      throw new IllegalStateException("Redis is down");
    }, Duration.ofSeconds(5));
    assertThat(registry.get("cache.size").gauge().value()).isNaN();
  }
  @Test
  void registryThatRefusesAFunctionsMeters_dropsItsEvents_neverThrows_andOtherFunctionsCountOn() {
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if ("refused".equals(id.getTag("function"))) {
          throw new IllegalArgumentException("other tag keys than before");
        }
        return id;
      }
    });
    CacheMeters meters = new CacheMeters(registry, "c", Tags.empty(), null, Duration.ofSeconds(5));

    meters.recordHit("refused");
    meters.recordLoad("refused", 1_000, false);
    meters.recordHit("accepted");

    assertThat(registry.find("cache.gets").tag("function", "refused").meters()).isEmpty();
    assertThat(count("cache.gets", "accepted", "result", "hit", "tier", "remote")).isEqualTo(1);
  }
}
