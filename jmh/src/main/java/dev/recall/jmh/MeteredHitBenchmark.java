package dev.recall.jmh;

import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.micrometer.RecallCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A function cache hit with {@code RecallCacheMetrics} bound to a {@code SimpleMeterRegistry}, beside the same hit
 * on a cache without metrics, per driver, in the same fork and on the same server: the difference is what the meters
 * cost a real call. Both cycle over 1,000 hot keys of a 64-character value.
 *
 * <p>Run: {@code java -jar jmh/target/recall-benchmarks.jar MeteredHitBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class MeteredHitBenchmark {
  private static final int HOT_KEYS = 1_000;

  @Param({"LETTUCE", "JEDIS"})
  public Driver driver;

  private FloorClients clients;
  private Function<Long, String> plain;
  private Function<Long, String> metered;
  private final HotKeys plainKeys = new HotKeys(HOT_KEYS);
  private final HotKeys meteredKeys = new HotKeys(HOT_KEYS);

  @Setup(Level.Trial)
  public void setUp() {
    clients = FloorClients.open(driver);
    clients.server().command("FLUSHALL");
    plain = hotFunction(clients.recall().functionCache(FunctionCacheConfig.builder("bench-plain").build()));
    metered = hotFunction(RecallCacheMetrics.monitor(new SimpleMeterRegistry(),
        clients.recall().functionCache(FunctionCacheConfig.builder("bench-metered").build()), "app", "bench"));
  }

  private static Function<Long, String> hotFunction(FunctionCache cache) {
    Function<Long, String> function = cache.memoize("hit", String.class, n -> FunctionCacheBenchmark.VALUE);
    for (long n = 0; n < HOT_KEYS; n++) {
      function.apply(n);
    }
    return function;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    clients.close();
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
