package dev.recall.jmh;

import dev.recall.RecallClient;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.NearCacheConfig;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * A near hit beside a remote hit (the same function cache without a near cache) and the driver's own {@code GET}, in
 * one fork on one server: LRU, 1,000 hot keys, a 64-character value. The near hit includes the replay bookkeeping of
 * LRU (a counter per field, flushed every 100 ms by a background thread).
 *
 * <p>Run: {@code java -jar jmh/target/recall-benchmarks.jar NearHitBenchmark -prof gc}
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NearHitBenchmark extends HitFixture {
  private Function<Long, String> remoteHit;
  private Function<Long, String> nearHit;
  private final HotKeys hotKeys = new HotKeys(HOT_KEYS);

  @Override
  void prepare(RecallClient recall) throws InterruptedException {
    FunctionCache remote = recall.functionCache(FunctionCacheConfig.builder("remote").build());
    remoteHit = remote.memoize("hit", String.class, n -> VALUE);
    FunctionCache near = recall.functionCache(FunctionCacheConfig.builder("near")
        .nearCache(NearCacheConfig.of(10_000)).build());
    nearHit = near.memoize("hit", String.class, n -> VALUE);
    awaitNearCopies(near, nearHit, HOT_KEYS);
    readHotKeys(remoteHit);
  }

  /** Stores the keys, then reads them until each read is a near hit (the channel subscribed, copies installed). */
  static void awaitNearCopies(FunctionCache cache, Function<Long, String> f, int keys) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (long n = 0; n < keys; n++) {
      f.apply(n);
    }
    while (System.nanoTime() < deadline) {
      long before = cache.stats().nearHits();
      for (long n = 0; n < keys; n++) {
        f.apply(n);
      }
      if (cache.stats().nearHits() - before == keys) {
        return;
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("the near cache did not take the hot keys within 30 s");
  }

  /** The floor: the driver's own blocking {@code GET}. */
  @Benchmark
  public byte[] rawGet() {
    return raw.get(RAW_KEY);
  }

  /** A hit answered by Redis (no near cache). */
  @Benchmark
  public String remoteHit() {
    return remoteHit.apply(hotKeys.next());
  }

  /** A hit answered by the near cache: no Redis command. */
  @Benchmark
  public String nearHit() {
    return nearHit.apply(hotKeys.next());
  }
}
