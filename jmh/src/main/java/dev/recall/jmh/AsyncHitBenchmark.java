package dev.recall.jmh;

import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
 * A memoized hit through {@code memoizeAsync} beside the synchronous hit and the driver's own async and sync
 * {@code GET}, in one fork on one server (LRU, 1,000 hot keys, a 64-character value); and the synchronous hit of a
 * cache with refresh ahead and a stale window configured (stamped entries, none due: the extended read path), to
 * show what the options cost a hit. One caller, so each figure is one round trip's latency plus the client's work;
 * {@code LoadHarness --ops memo-hit,memo-hit-async} measures 1,000 concurrent callers.
 *
 * <p>Run: {@code java -jar jmh/target/recall-benchmarks.jar AsyncHitBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class AsyncHitBenchmark {
  private static final int HOT_KEYS = 1_000;

  @Param({"LETTUCE", "JEDIS"})
  public Driver driver;

  private FloorClients clients;
  private RawClient raw;
  private byte[] rawKey;
  private Function<Long, String> syncHit;
  private Function<Long, CompletableFuture<String>> asyncHit;
  private Function<Long, String> stampedHit;
  private final HotKeys hotKeys = new HotKeys(HOT_KEYS);

  @Setup(Level.Trial)
  public void setUp() {
    clients = FloorClients.open(driver);
    clients.server().command("FLUSHALL");
    raw = clients.raw();
    rawKey = "bench:raw".getBytes(StandardCharsets.UTF_8);
    raw.set(rawKey, FunctionCacheBenchmark.VALUE.getBytes(StandardCharsets.UTF_8));
    FunctionCache plain = clients.recall().functionCache(FunctionCacheConfig.builder("plain").build());
    syncHit = plain.memoize("hit", String.class, n -> FunctionCacheBenchmark.VALUE);
    asyncHit = plain.memoizeAsync("hit", String.class,
        n -> CompletableFuture.completedFuture(FunctionCacheBenchmark.VALUE));
    FunctionCache fresh = clients.recall().functionCache(FunctionCacheConfig.builder("fresh")
        .ttl(Duration.ofHours(2)).refreshAfterWrite(Duration.ofHours(1)).staleIfError(Duration.ofHours(1)).build());
    stampedHit = fresh.memoize("hit", String.class, n -> FunctionCacheBenchmark.VALUE);
    for (long n = 0; n < HOT_KEYS; n++) {
      syncHit.apply(n);
      stampedHit.apply(n);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    clients.close();
  }

  /** The floor: the driver's own blocking {@code GET}. */
  @Benchmark
  public byte[] rawGet() {
    return raw.get(rawKey);
  }

  /** The async floor: the driver's own {@code GET} as a future, awaited. */
  @Benchmark
  public byte[] rawGetAsync() {
    return raw.getAsync(rawKey).join();
  }

  /** A hit through {@code memoize}. */
  @Benchmark
  public String hit() {
    return syncHit.apply(hotKeys.next());
  }

  /** The same hit through {@code memoizeAsync}, awaited. */
  @Benchmark
  public String asyncHit() {
    return asyncHit.apply(hotKeys.next()).join();
  }

  /** A hit of a cache with {@code refreshAfterWrite} and {@code staleIfError} on, no entry due for either. */
  @Benchmark
  public String stampedHit() {
    return stampedHit.apply(hotKeys.next());
  }
}
