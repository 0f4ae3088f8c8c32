package dev.recall.jmh;

import dev.recall.internal.function.KeyHasher;
import java.util.ArrayList;
import java.util.List;
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
 * The key hashing of one memoized call (canonical encoding plus MurmurHash3 x64 128 plus the hex field), for the
 * typical argument tuples. It lives in the engine's package, in this module only, so it calls the very code a call
 * runs without widening the public API. Allocation per key: run with {@code -prof gc}.
 *
 * <p>Run: {@code java -jar jmh/target/recall-benchmarks.jar KeyHashBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class KeyHashBenchmark {

  /** A typical small value object as an argument. */
  public record Query(long tenant, String region, int page, boolean active, double minScore) {}

  private final KeyHasher hasher = new KeyHasher("bench.fn", new boolean[0]);
  private Object[] oneInt;
  private Object[] twoStrings;
  private Object[] record;
  private Object[] hundredLongs;

  /** Builds the argument tuples once, as a caller holds them (boxed, as a memoized function receives them). */
  @Setup
  public void setUp() {
    oneInt = new Object[] {123_456};
    twoStrings = new Object[] {"customer-0000000042x", "region-eu-west-1-abc"};
    record = new Object[] {new Query(42L, "eu-west-1", 3, true, 0.75)};
    List<Long> longs = new ArrayList<>();
    for (long i = 0; i < 100; i++) {
      longs.add(1_000_000_007L * i);
    }
    hundredLongs = new Object[] {longs};
  }

  /** One {@code int} argument. */
  @Benchmark
  public byte[] oneInt() {
    return hasher.field(oneInt);
  }

  /** Two strings of 20 characters. */
  @Benchmark
  public byte[] twoStrings20() {
    return hasher.field(twoStrings);
  }

  /** A record with five components (long, String, int, boolean, double). */
  @Benchmark
  public byte[] record5() {
    return hasher.field(record);
  }

  /** A list of 100 longs. */
  @Benchmark
  public byte[] list100Longs() {
    return hasher.field(hundredLongs);
  }
}
