package dev.recall.examples;

import dev.recall.RecallClient;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionCacheStats;
import dev.recall.function.NearCacheConfig;
import dev.recall.micrometer.RecallCacheMetrics;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The tour's function cache part: a recursive Fibonacci memoized in Redis, with its hit and miss counts and the
 * Micrometer meters a dashboard would read, then an async memoized call.
 */
final class FibonacciTour {
  private FibonacciTour() {}

  static void run(RecallClient client, PrintStream out) {
    out.println();
    out.println("== Function cache: memoize a recursive Fibonacci in Redis ==");
    MeterRegistry registry = new SimpleMeterRegistry();
    FunctionCache cache = RecallCacheMetrics.monitor(registry, client.functionCache(
        FunctionCacheConfig.builder("tour-fib").policy(EvictionPolicy.LRU).maxSize(1_000).build()));
    cache.clear();
    Function<Integer, Long>[] fib = new Function[1];
    fib[0] = cache.memoize("fib", Long.class, n -> n < 2 ? (long) n : fib[0].apply(n - 1) + fib[0].apply(n - 2));
    out.println("fib(80) -> " + fib[0].apply(80));
    FunctionCacheStats first = cache.stats();
    out.println("first call: hits=" + first.hits() + " misses=" + first.misses() + " (each n computed once)");
    out.println("fib(80) again -> " + fib[0].apply(80));
    FunctionCacheStats second = cache.stats();
    out.println("second call: hits=" + (second.hits() - first.hits()) + " misses="
        + (second.misses() - first.misses()) + " (one round trip)");
    out.println("entries held in Redis: " + cache.size());
    out.println("its meters (recall-micrometer: the names Caffeine's and Spring's dashboards read; times in s):");
    registry.getMeters().stream()
        .sorted(Comparator.comparing((Meter meter) -> meter.getId().getName())
            .thenComparing(meter -> meter.getId().getTags().toString()))
        .forEach(meter -> out.println("  " + describe(meter)));
    // Functions returning futures memoize too; nothing blocks until the tour joins the composed result.
    Function<Integer, CompletableFuture<Long>> square = cache.memoizeAsync("square", Long.class,
        n -> CompletableFuture.supplyAsync(() -> (long) n * n));
    FunctionCacheStats before = cache.stats();
    long squared = square.apply(12).thenCompose(missed -> square.apply(12)).join();
    FunctionCacheStats after = cache.stats();
    out.println("async square(12) twice -> " + squared + " (memoizeAsync: misses="
        + (after.misses() - before.misses()) + " hits=" + (after.hits() - before.hits()) + ", composed as futures)");
    cache.clear();
    nearCache(client, out);
  }

  /** A near cache answers a hot key in this JVM; the scripts' invalidations keep it correct. */
  private static void nearCache(RecallClient client, PrintStream out) {
    FunctionCache cache = client.functionCache(FunctionCacheConfig.builder("tour-near")
        .ttl(Duration.ofMinutes(10))
        .nearCache(NearCacheConfig.builder(10_000)   // copies per key pair in this JVM
            .maxAge(Duration.ofMinutes(1))           // optional: how late writes by other tools are seen at most
            .build())
        .build());
    cache.clear();
    Function<Integer, Long> cube = cache.memoize("cube", Long.class, n -> (long) n * n * n);
    cube.apply(7);
    long remote = Long.MAX_VALUE;
    long near = Long.MAX_VALUE;
    long deadline = System.nanoTime() + 10_000_000_000L;
    // The first hits go to Redis until the invalidation channel is subscribed; then a copy is installed and served.
    while (near == Long.MAX_VALUE && System.nanoTime() < deadline) {
      long nearHits = cache.stats().nearHits();
      long start = System.nanoTime();
      cube.apply(7);
      long took = System.nanoTime() - start;
      if (cache.stats().nearHits() > nearHits) {
        near = took;
      } else {
        remote = Math.min(remote, took);
        LockSupport.parkNanos(1_000_000);
      }
    }
    for (int i = 0; i < 1_000; i++) {
      long start = System.nanoTime();
      cube.apply(7);
      near = Math.min(near, System.nanoTime() - start);
    }
    out.printf(Locale.ROOT, "near cache: cube(7) -> %d; a remote hit took %.1f us, a near hit %.1f us"
        + " (no Redis command)%n", cube.apply(7), remote / 1e3, near / 1e3);
    cache.clear();
  }

  /** One meter as {@code name{tags} STATISTIC=value ...}, leaving out the cache tag every meter carries. */
  private static String describe(Meter meter) {
    String tags = meter.getId().getTags().stream().filter(tag -> !tag.getKey().equals("cache"))
        .map(tag -> tag.getKey() + "=" + tag.getValue()).collect(Collectors.joining(",", "{", "}"));
    String values = StreamSupport.stream(meter.measure().spliterator(), false)
        .map(FibonacciTour::measurement).collect(Collectors.joining(" "));
    return meter.getId().getName() + ("{}".equals(tags) ? "" : tags) + " " + values;
  }

  private static String measurement(Measurement measurement) {
    double value = measurement.getValue();
    String shown = value == Math.rint(value) ? Long.toString((long) value) : String.format("%.3f", value);
    return measurement.getStatistic().getTagValueRepresentation() + "=" + shown;
  }
}
