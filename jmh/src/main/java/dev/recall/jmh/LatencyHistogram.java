package dev.recall.jmh;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A thread-safe log-linear histogram of latencies in nanoseconds: 64 sub-buckets per power of two, so any
 * percentile is reported within about 1.6 %, in a fixed 4,096-slot array shared by every recording thread.
 */
final class LatencyHistogram {
  private static final int SUB_BITS = 6;
  private static final int SUB_BUCKETS = 1 << SUB_BITS;
  private final AtomicLongArray counts = new AtomicLongArray(64 * SUB_BUCKETS);

  void record(long nanos) {
    counts.incrementAndGet(index(Math.max(1, nanos)));
  }

  long count() {
    long total = 0;
    for (int i = 0; i < counts.length(); i++) {
      total += counts.get(i);
    }
    return total;
  }

  /** Returns the latency at or below which the given fraction (0 to 1) of recordings fall. */
  long percentile(double fraction) {
    long total = count();
    long wanted = (long) Math.ceil(total * fraction);
    long seen = 0;
    for (int i = 0; i < counts.length(); i++) {
      seen += counts.get(i);
      if (seen >= wanted && seen > 0) {
        return upperBound(i);
      }
    }
    return 0;
  }

  private static int index(long nanos) {
    int magnitude = 63 - Long.numberOfLeadingZeros(nanos);
    if (magnitude < SUB_BITS) {
      return (int) nanos;
    }
    int shift = magnitude - SUB_BITS;
    int sub = (int) (nanos >>> shift) & (SUB_BUCKETS - 1);
    return (shift + 1) * SUB_BUCKETS + sub;
  }

  private static long upperBound(int index) {
    int bucket = index / SUB_BUCKETS;
    int sub = index % SUB_BUCKETS;
    if (bucket == 0) {
      return sub;
    }
    int shift = bucket - 1;
    return ((long) (SUB_BUCKETS + sub + 1) << shift) - 1;
  }
}
