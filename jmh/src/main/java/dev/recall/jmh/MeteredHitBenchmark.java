package dev.recall.jmh;

import dev.recall.RecallClient;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.micrometer.RecallCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * A function cache hit with {@code RecallCacheMetrics} bound to a {@code SimpleMeterRegistry}, beside the same hit
 * on a cache without metrics, per driver, in the same fork and on the same server: the difference is what the meters
 * cost a real call. Both cycle over 1,000 hot keys of a 64-character value.
 *
 * <p>Run: {@code java -jar jmh/target/recall-benchmarks.jar MeteredHitBenchmark}
 */
public class MeteredHitBenchmark extends HitFixture {
  private Function<Long, String> plain;
  private Function<Long, String> metered;
  private final HotKeys plainKeys = new HotKeys(HOT_KEYS);
  private final HotKeys meteredKeys = new HotKeys(HOT_KEYS);

  @Override
  void prepare(RecallClient recall) {
    plain = recall.functionCache(FunctionCacheConfig.builder("bench-plain").build())
        .memoize("hit", String.class, n -> VALUE);
    readHotKeys(plain);
    metered = RecallCacheMetrics.monitor(new SimpleMeterRegistry(),
        recall.functionCache(FunctionCacheConfig.builder("bench-metered").build()), "app", "bench")
        .memoize("hit", String.class, n -> VALUE);
    readHotKeys(metered);
  }

  /** A hit on a cache without metrics. */
  @Benchmark
  public String hitPlain() {
    return plain.apply(plainKeys.next());
  }

  /** The same hit on a cache bound to a registry. */
  @Benchmark
  public String hitMetered() {
    return metered.apply(meteredKeys.next());
  }
}
