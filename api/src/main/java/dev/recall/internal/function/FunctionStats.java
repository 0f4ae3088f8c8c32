package dev.recall.internal.function;

import dev.recall.RecallCodecException;
import dev.recall.RecallException;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheStats;
import dev.recall.function.StatsRecorder;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts a cache's events in this JVM and forwards each to the user's {@link StatsRecorder}. Redis failures are
 * logged once per outage, not once per call: the first failure logs that the outage started and latches; an answer
 * from Redis after {@link #QUIET_NANOS} without failures logs that it ended. The quiet time keeps the stragglers
 * of an outage (calls that were in flight as the server died, pooled connections to the old server failing once
 * after a restart) inside the outage instead of logging a new one for each. Thread-safe.
 */
final class FunctionStats {
  private static final System.Logger LOG = System.getLogger(FunctionCache.class.getName());
  private static final long QUIET_NANOS = 500_000_000L;

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder stores = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private volatile StatsRecorder recorder;
  private final String cache;
  private final boolean failOpen;
  private final AtomicBoolean outage = new AtomicBoolean();
  private final AtomicLong lastFailure = new AtomicLong();

  FunctionStats(String cache, boolean failOpen, StatsRecorder recorder) {
    this.cache = cache;
    this.failOpen = failOpen;
    this.recorder = recorder;
  }

  void hit(String function) {
    answered();
    hits.increment();
    recorder.recordHit(function);
  }

  void miss(String function) {
    answered();
    misses.increment();
    recorder.recordMiss(function);
  }

  void store(String function, long evicted) {
    answered();
    stores.increment();
    recorder.recordStore(function);
    if (evicted > 0) {
      evictions.add(evicted);
      recorder.recordEvictions(function, evicted);
    }
  }

  /** Counts a failure; a failure of Redis (not of the codec) starts an outage, logged when it starts only. */
  void error(String function, Throwable error) {
    errors.increment();
    recorder.recordError(function, error);
    if (!(error instanceof RecallException) || error instanceof RecallCodecException) {
      return;
    }
    lastFailure.set(System.nanoTime());
    if (outage.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "function cache ''{0}'': Redis failed ({1}: {2}); memoized calls {3} until it"
          + " answers again", cache, error.getClass().getSimpleName(), error.getMessage(),
          failOpen ? "run their functions" : "throw");
    }
  }

  /** Counts and logs one entry that was removed because it was unreadable or of a foreign shape. */
  void corrupt(String function, String what, Throwable error) {
    errors.increment();
    recorder.recordError(function, error);
    LOG.log(Level.WARNING, "function cache ''{0}'': removed {1} of ''{2}'' ({3}); the call computed its value",
        cache, what, function, error.getMessage());
  }

  /** Adds a recorder beside those the cache has; it receives the events from now on. */
  synchronized void addRecorder(StatsRecorder added) {
    recorder = recorder == StatsRecorder.NONE ? added : new RecorderPair(recorder, added);
  }

  private void answered() {
    if (outage.get() && System.nanoTime() - lastFailure.get() >= QUIET_NANOS && outage.compareAndSet(true, false)) {
      LOG.log(Level.INFO, "function cache ''{0}'': Redis answers again; the outage ended", cache);
    }
  }

  FunctionCacheStats snapshot() {
    return new FunctionCacheStats(hits.sum(), misses.sum(), stores.sum(), evictions.sum(), errors.sum());
  }
}
