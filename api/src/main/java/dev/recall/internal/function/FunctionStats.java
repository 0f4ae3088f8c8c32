package dev.recall.internal.function;

import dev.recall.RecallCodecException;
import dev.recall.RecallException;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheStats;
import dev.recall.function.StatsRecorder;
import dev.recall.internal.jfr.RecallEvents;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Counts a cache's events in this JVM and forwards each to the user's {@link StatsRecorder}. Redis failures are
 * logged once per outage, not once per call: the first failure logs that the outage started and latches; an answer
 * from Redis after {@link #QUIET_NANOS} without failures logs that it ended (and records the JFR outage event
 * spanning it). The quiet time keeps the stragglers of an outage (calls that were in flight as the server died,
 * pooled connections to the old server failing once after a restart) inside the outage instead of logging a new one
 * for each. A recorder that throws is ignored for that event (logged once), so metrics never break a call.
 * Thread-safe.
 */
final class FunctionStats {
  private static final System.Logger LOG = System.getLogger(FunctionCache.class.getName());
  private static final long QUIET_NANOS = 500_000_000L;

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder stores = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder loadSuccesses = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder loadNanos = new LongAdder();
  private final LongAdder stampedeWaits = new LongAdder();
  private final LongAdder leaseLapses = new LongAdder();
  private final LongAdder corruptRemoved = new LongAdder();
  private final LongAdder refreshes = new LongAdder();
  private final LongAdder refreshFailures = new LongAdder();
  private final LongAdder staleServed = new LongAdder();
  private final LongAdder nearHits = new LongAdder();
  /** The recorders, each told every event on its own, so one that throws keeps none of the others from hearing it. */
  private volatile StatsRecorder[] recorders;
  private final String cache;
  private final boolean failOpen;
  private final AtomicBoolean outage = new AtomicBoolean();
  private final AtomicLong lastFailure = new AtomicLong();
  /** The JFR outage event begun when the outage started; written before, read after, the {@link #outage} flag. */
  private @Nullable Object outageEvent;
  private String outageCause = "";
  private long errorsBeforeOutage;
  private final AtomicBoolean recorderFailureLogged = new AtomicBoolean();

  FunctionStats(String cache, boolean failOpen, StatsRecorder recorder) {
    this.cache = cache;
    this.failOpen = failOpen;
    this.recorders = recorder == StatsRecorder.NONE ? new StatsRecorder[0] : new StatsRecorder[] {recorder};
  }

  void hit(String function) {
    answered();
    hits.increment();
    tell(StatsRecorder::recordHit, function);
  }

  /** Counts a hit the near cache answered; it says nothing about Redis, so it neither starts nor ends an outage. */
  void nearHit(String function) {
    nearHits.increment();
    tell(StatsRecorder::recordNearHit, function);
  }

  void miss(String function) {
    answered();
    misses.increment();
    tell(StatsRecorder::recordMiss, function);
  }

  void store(String function, long evicted) {
    answered();
    stores.increment();
    if (evicted > 0) {
      evictions.add(evicted);
    }
    tell(StatsRecorder::recordStore, function);
    if (evicted > 0) {
      tell(r -> r.recordEvictions(function, evicted));
    }
  }

  /**
   * Counts one computation of {@code function} that took {@code nanos} and ends its JFR event (begun with
   * {@link RecallEvents#beginLoad()}, {@code null} when disabled).
   */
  void load(String function, long nanos, boolean success, @Nullable Object event) {
    (success ? loadSuccesses : loadFailures).increment();
    loadNanos.add(nanos);
    RecallEvents.endLoad(event, cache, function, success);
    tell(r -> r.recordLoad(function, nanos, success));
  }

  /**
   * Counts one wait of {@code nanos} for another caller's computation of {@code function}, and ends its JFR event
   * (begun with {@link RecallEvents#beginStampedeWait()}); {@code lapsed} when it ended because the other caller's
   * lease lapsed, so this caller computes.
   */
  void stampedeWait(String function, long nanos, boolean lapsed, @Nullable Object event) {
    stampedeWaits.increment();
    if (lapsed) {
      leaseLapses.increment();
    }
    RecallEvents.endStampedeWait(event, cache, function);
    tell(r -> r.recordStampedeWait(function, nanos));
    if (lapsed) {
      tell(StatsRecorder::recordLeaseLapse, function);
    }
  }

  /** Counts a background refresh that ended; {@code success} when it stored a new value. */
  void refresh(String function, boolean success) {
    (success ? refreshes : refreshFailures).increment();
    tell(r -> r.recordRefresh(function, success));
  }

  /** Counts a call answered with a stale value because recomputing failed with {@code error}. */
  void staleServed(String function, Throwable error) {
    staleServed.increment();
    tell(r -> r.recordStaleServed(function, error));
  }

  /** Counts a failure; a failure of Redis (not of the codec) starts an outage, logged when it starts only. */
  void error(String function, Throwable error) {
    errors.increment();
    tell(r -> r.recordError(function, error));
    if (!(error instanceof RecallException) || error instanceof RecallCodecException) {
      return;
    }
    lastFailure.set(System.nanoTime());
    if (!outage.get()) {
      startOutage(error);
    }
  }

  private synchronized void startOutage(Throwable error) {
    // Synchronized with the end, so an outage's event and cause are never those of the one before.
    if (outage.get()) {
      return;
    }
    outageCause = error.getClass().getSimpleName() + ": " + error.getMessage();
    // This failure is already counted: it is the outage's first.
    errorsBeforeOutage = errors.sum() - 1;
    outageEvent = RecallEvents.beginOutage();
    outage.set(true);
    LOG.log(Level.WARNING, "function cache ''{0}'': Redis failed ({1}); memoized calls {2} until it answers again",
        cache, outageCause, failOpen ? "run their functions" : "throw");
  }

  /**
   * Counts and logs one entry that was removed because it was unreadable or of a foreign shape; it is an error
   * too, as it was before removals were counted apart, so error-rate alerts keep seeing it.
   */
  void corrupt(String function, String what, Throwable error) {
    errors.increment();
    corruptRemoved.increment();
    tell(r -> r.recordError(function, error));
    tell(r -> r.recordCorruptRemoved(function, error));
    LOG.log(Level.WARNING, "function cache ''{0}'': removed {1} of ''{2}'' ({3}); the call computed its value",
        cache, what, function, error.getMessage());
  }

  /** Adds a recorder beside those the cache has; it receives the events from now on. */
  synchronized void addRecorder(StatsRecorder added) {
    if (added == StatsRecorder.NONE) {
      return;
    }
    StatsRecorder[] grown = Arrays.copyOf(recorders, recorders.length + 1);
    grown[recorders.length] = added;
    recorders = grown;
  }

  /** Tells each recorder an event that names only the function (no allocation: the hot paths' events). */
  private void tell(BiConsumer<StatsRecorder, String> event, String function) {
    for (StatsRecorder recorder : recorders) {
      try {
        event.accept(recorder, function);
      } catch (RuntimeException e) {
        recorderFailed(e);
      }
    }
  }

  /** Tells each recorder an event; a recorder that throws is ignored for it. */
  private void tell(Consumer<StatsRecorder> event) {
    for (StatsRecorder recorder : recorders) {
      try {
        event.accept(recorder);
      } catch (RuntimeException e) {
        recorderFailed(e);
      }
    }
  }

  private void answered() {
    if (outage.get() && System.nanoTime() - lastFailure.get() >= QUIET_NANOS) {
      endOutage();
    }
  }

  private synchronized void endOutage() {
    if (!outage.get()) {
      return;
    }
    outage.set(false);
    RecallEvents.endOutage(outageEvent, cache, outageCause, errors.sum() - errorsBeforeOutage);
    outageEvent = null;
    LOG.log(Level.INFO, "function cache ''{0}'': Redis answers again; the outage ended", cache);
  }

  /** A recorder threw: the call goes on; the first such failure is logged so a broken recorder is noticed. */
  private void recorderFailed(RuntimeException e) {
    if (recorderFailureLogged.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "function cache ''" + cache + "'': a stats recorder threw; its events are ignored"
          + " when it throws (logged once)", e);
    }
  }

  FunctionCacheStats snapshot() {
    return new FunctionCacheStats(hits.sum(), misses.sum(), stores.sum(), evictions.sum(), errors.sum(),
        loadSuccesses.sum(), loadFailures.sum(), Duration.ofNanos(loadNanos.sum()), stampedeWaits.sum(),
        leaseLapses.sum(), corruptRemoved.sum(), refreshes.sum(), refreshFailures.sum(), staleServed.sum(),
        nearHits.sum());
  }
}
