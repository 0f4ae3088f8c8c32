package dev.recall.jmh;

import dev.recall.Cache;
import dev.recall.RecallClient;
import dev.recall.spi.Command;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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
 * One GET through each layer, per driver, against the driver's own client in the same run: the raw client (the
 * floor), Recall's executor (the SPI path), the plain {@code Cache}, and the executor's async form awaited (which
 * tells whether building sync on async would cost the hot path anything).
 *
 * <p>Run: {@code java -jar jmh/target/recall-benchmarks.jar GetBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class GetBenchmark {
  @Param({"LETTUCE", "JEDIS"})
  public Driver driver;

  private FloorClients clients;
  private RawClient raw;
  private RecallClient recall;
  private Cache cache;
  private String cacheKey;
  private byte[] key;
  private Command<byte[]> get;

  @Setup(Level.Trial)
  public void setUp() {
    clients = FloorClients.open(driver);
    raw = clients.raw();
    recall = clients.recall();
    cache = recall.cache();
    cacheKey = cache.store("x".repeat(64));
    key = cacheKey.getBytes(StandardCharsets.UTF_8);
    get = SpiCommands.get(key);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    clients.close();
  }

  /** The floor: the driver's own client. */
  @Benchmark
  public byte[] rawGet() {
    return raw.get(key);
  }

  /** Recall's SPI path: a prebuilt command through the executor. */
  @Benchmark
  public byte[] executorGet() {
    return recall.executor().execute(get);
  }

  /** The same command built per call, as features do. */
  @Benchmark
  public byte[] executorGetNewCommand() {
    return recall.executor().execute(SpiCommands.get(key));
  }

  /** The async form awaited: what a sync API built on async would cost. */
  @Benchmark
  public byte[] executorGetAsyncJoin() {
    return recall.executor().executeAsync(get).join();
  }

  /** The plain cache's read, with its key encoding and Optional. */
  @Benchmark
  public Object cacheGet() {
    return cache.get(cacheKey).orElseThrow();
  }
}
