package dev.recall.function;

import java.time.Duration;
import java.util.Objects;

/**
 * A snapshot of what a function cache did in this JVM since it was created.
 *
 * @param hits calls answered from Redis (see {@code nearHits} for those answered in this JVM)
 * @param misses calls that had to compute (or wait for another caller's computation)
 * @param stores values written to Redis
 * @param evictions entries the policy removed to make room, as counted by the scripts
 * @param errors calls during which Redis or the codec failed (served by running the function when failing open)
 * @param loadSuccesses computations of a value (misses and refreshes) that returned
 * @param loadFailures computations that threw
 * @param totalLoadTime the time all those computations took
 * @param stampedeWaits calls that waited for another caller's computation (in this JVM or, through the lease, in
 *     another process) instead of computing
 * @param leaseLapses waits that ended because the other caller's lease lapsed, so this caller computed
 * @param corruptRemoved unreadable or foreign entries removed (each also counts as an error)
 * @param refreshes background refreshes ahead of expiry that stored a new value (each is also a load)
 * @param refreshFailures background refreshes whose computation failed, leaving the current value in place
 * @param staleServed calls that got an expired entry's value, kept for the stale window, because recomputing it
 *     failed
 * @param nearHits calls answered by the near cache in this JVM, without a Redis command
 */
public record FunctionCacheStats(
    long hits,
    long misses,
    long stores,
    long evictions,
    long errors,
    long loadSuccesses,
    long loadFailures,
    Duration totalLoadTime,
    long stampedeWaits,
    long leaseLapses,
    long corruptRemoved,
    long refreshes,
    long refreshFailures,
    long staleServed,
    long nearHits) {

  /** Checks the fields. */
  public FunctionCacheStats {
    Objects.requireNonNull(totalLoadTime, "totalLoadTime");
  }

  /**
   * Creates a snapshot of the first five counts, with no loads, waits or removals.
   *
   * @param hits calls answered from Redis
   * @param misses calls that had to compute (or wait for another caller's computation)
   * @param stores values written to Redis
   * @param evictions entries the policy removed to make room
   * @param errors calls during which Redis or the codec failed
   */
  public FunctionCacheStats(long hits, long misses, long stores, long evictions, long errors) {
    this(hits, misses, stores, evictions, errors, 0, 0, Duration.ZERO, 0, 0, 0);
  }

  /**
   * Creates a snapshot of a cache that neither refreshes ahead, serves stale values nor keeps a near cache.
   *
   * @param hits calls answered from Redis
   * @param misses calls that had to compute (or wait for another caller's computation)
   * @param stores values written to Redis
   * @param evictions entries the policy removed to make room
   * @param errors calls during which Redis or the codec failed
   * @param loadSuccesses computations of a value that returned
   * @param loadFailures computations that threw
   * @param totalLoadTime the time all those computations took; not null
   * @param stampedeWaits calls that waited for another caller's computation instead of computing
   * @param leaseLapses waits that ended because the other caller's lease lapsed, so this caller computed
   * @param corruptRemoved unreadable or foreign entries removed
   */
  public FunctionCacheStats(long hits, long misses, long stores, long evictions, long errors, long loadSuccesses,
      long loadFailures, Duration totalLoadTime, long stampedeWaits, long leaseLapses, long corruptRemoved) {
    this(hits, misses, stores, evictions, errors, loadSuccesses, loadFailures, totalLoadTime, stampedeWaits,
        leaseLapses, corruptRemoved, 0, 0, 0, 0);
  }

  /** {@return the hits (near and remote) divided by all calls that looked the cache up, or 0 before any call} */
  public double hitRate() {
    long total = hits + nearHits + misses;
    return total == 0 ? 0 : (double) (hits + nearHits) / total;
  }

  /** {@return the number of computations, successful or not} */
  public long loads() {
    return loadSuccesses + loadFailures;
  }
}
