package dev.recall.jmh;

import dev.recall.RecallClient;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * A memoized hit through {@code memoizeAsync} beside the synchronous hit and the driver's own async and sync
 * {@code GET}, in one fork on one server (LRU, 1,000 hot keys, a 64-character value); and the synchronous hit of a
 * cache with refresh ahead and a stale window configured (stamped entries, none due: the extended read path), to
 * show what the options cost a hit. One caller, so each figure is one round trip's latency plus the client's work;
 * {@code LoadHarness --ops memo-hit,memo-hit-async} measures 1,000 concurrent callers.
 *
 * <p>Run: {@code java -jar jmh/target/recall-benchmarks.jar AsyncHitBenchmark -prof gc}
 */
public class AsyncHitBenchmark extends HitFixture {
  private Function<Long, String> syncHit;
  private Function<Long, CompletableFuture<String>> asyncHit;
  private Function<Long, String> stampedHit;
  private final HotKeys hotKeys = new HotKeys(HOT_KEYS);

  @Override
  void prepare(RecallClient recall) {
    FunctionCache plain = recall.functionCache(FunctionCacheConfig.builder("plain").build());
    syncHit = plain.memoize("hit", String.class, n -> VALUE);
    asyncHit = plain.memoizeAsync("hit", String.class, n -> CompletableFuture.completedFuture(VALUE));
    FunctionCache fresh = recall.functionCache(FunctionCacheConfig.builder("fresh")
        .ttl(Duration.ofHours(2)).refreshAfterWrite(Duration.ofHours(1)).staleIfError(Duration.ofHours(1)).build());
    stampedHit = fresh.memoize("hit", String.class, n -> VALUE);
    readHotKeys(syncHit, stampedHit);
  }

  /** The floor: the driver's own blocking {@code GET}. */
  @Benchmark
  public byte[] rawGet() {
    return raw.get(RAW_KEY);
  }

  /** The async floor: the driver's own {@code GET} as a future, awaited. */
  @Benchmark
  public byte[] rawGetAsync() {
    return raw.getAsync(RAW_KEY).join();
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
