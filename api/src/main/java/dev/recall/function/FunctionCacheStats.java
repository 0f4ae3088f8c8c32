package dev.recall.function;

/**
 * A snapshot of what a function cache did in this JVM since it was created.
 *
 * @param hits calls answered from Redis
 * @param misses calls that had to compute (or wait for another caller's computation)
 * @param stores values written to Redis
 * @param evictions entries the policy removed to make room, as counted by the scripts
 * @param errors calls during which Redis or the codec failed
 */
public record FunctionCacheStats(long hits, long misses, long stores, long evictions, long errors) {

  /** Returns hits divided by hits plus misses, or 0 before any call. */
  public double hitRate() {
    long total = hits + misses;
    return total == 0 ? 0 : (double) hits / total;
  }
}
