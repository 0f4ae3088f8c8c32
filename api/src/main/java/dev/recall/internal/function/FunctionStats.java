package dev.recall.internal.function;

import dev.recall.function.FunctionCacheStats;
import dev.recall.function.StatsRecorder;
import java.util.concurrent.atomic.LongAdder;

/** Counts a cache's events in this JVM and forwards each to the user's {@link StatsRecorder}. Thread-safe. */
final class FunctionStats {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder stores = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final StatsRecorder recorder;

  FunctionStats(StatsRecorder recorder) {
    this.recorder = recorder;
  }

  void hit(String function) {
    hits.increment();
    recorder.recordHit(function);
  }

  void miss(String function) {
    misses.increment();
    recorder.recordMiss(function);
  }

  void store(String function, long evicted) {
    stores.increment();
    recorder.recordStore(function);
    if (evicted > 0) {
      evictions.add(evicted);
      recorder.recordEvictions(function, evicted);
    }
  }

  void error(String function, Throwable error) {
    errors.increment();
    recorder.recordError(function, error);
  }

  FunctionCacheStats snapshot() {
    return new FunctionCacheStats(hits.sum(), misses.sum(), stores.sum(), evictions.sum(), errors.sum());
  }
}
