package dev.recall.jmh;

import dev.recall.RecallClient;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * The function cache's hit and miss paths, per driver and per policy, each beside the raw {@code GET} of the same
 * driver on the same server in the same fork (the floor: one round trip). The value is a 64-character string in
 * every case. A miss calls the function with a key never seen before, so it is a read script (which takes the
 * stampede lease), the computation (trivial here) and a store script that evicts one entry of a full cache.
 *
 * <p>Run: {@code java -jar jmh/target/recall-benchmarks.jar FunctionCacheBenchmark}
 */
public class FunctionCacheBenchmark extends HitFixture {
  private static final int MAX_SIZE = 10_000;

  @Param({"LRU", "FIFO", "LFU", "MRU", "RR", "TLRU"})
  public EvictionPolicy policy;

  private Function<Long, String> hitFunction;
  private Function<Long, String> missFunction;
  private final HotKeys hotKeys = new HotKeys(HOT_KEYS);
  private long missKey = 1_000_000_000L;

  @Override
  void prepare(RecallClient recall) {
    FunctionCache cache = recall.functionCache(
        FunctionCacheConfig.builder("bench").policy(policy).maxSize(MAX_SIZE).build());
    hitFunction = cache.memoize("hit", String.class, n -> VALUE);
    missFunction = cache.memoize("miss", String.class, n -> VALUE);
    // Fill the cache to exactly its max size, the hot keys last, so no fill evicts a hot key (whatever the
    // policy), hits never evict, and every miss below evicts one entry.
    for (long n = 0; n < MAX_SIZE - HOT_KEYS; n++) {
      missFunction.apply(missKey++);
    }
    readHotKeys(hitFunction);
  }

  /** The floor: {@code GET} of a 64-byte value through the driver's own client. */
  @Benchmark
  public byte[] rawGet() {
    return raw.get(RAW_KEY);
  }

  /** A hit: one read script, plus the key hashing and JSON decoding. Cycles over 1,000 hot keys. */
  @Benchmark
  public String hit() {
    return hitFunction.apply(hotKeys.next());
  }

  /** A miss on a full cache: read script, computation, store script that evicts one entry. */
  @Benchmark
  public String missEvict() {
    return missFunction.apply(missKey++);
  }
}
