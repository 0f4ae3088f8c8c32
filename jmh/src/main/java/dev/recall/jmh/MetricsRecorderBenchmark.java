package dev.recall.jmh;

import dev.recall.micrometer.internal.CacheMeters;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code RecallCacheMetrics} adds to a call, without Redis: one event through the recorder it attaches to a
 * cache (a map look-up of the function's meters, then a counter increment or a timer sample) into a
 * {@code SimpleMeterRegistry}. The function's meters exist already, as after its first call. Beside it, the empty
 * baseline of a call that records nothing.
 *
 * <p>Run: {@code java -jar jmh/target/recall-benchmarks.jar MetricsRecorderBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class MetricsRecorderBenchmark {
  private static final String FUNCTION = "bench.function";

  private CacheMeters recorder;

  /** Registers the function's meters with its first event. */
  @Setup
  public void setUp() {
    recorder = new CacheMeters(new SimpleMeterRegistry(), "bench", Tags.of("app", "bench"), null,
        Duration.ofSeconds(5));
    recorder.recordHit(FUNCTION);
  }

  /** The baseline: the benchmark's own cost, recording nothing. */
  @Benchmark
  public void baseline() {
  }

  /** One hit: look-up and counter increment. */
  @Benchmark
  public void recordHit() {
    recorder.recordHit(FUNCTION);
  }

  /** One successful load of 1 ms: look-up, counter increment and timer sample. */
  @Benchmark
  public void recordLoad() {
    recorder.recordLoad(FUNCTION, 1_000_000, true);
  }
}
