package dev.recall.policies;

import dev.recall.function.EvictionPolicy;
import java.util.HashMap;
import java.util.Map;

/**
 * The exact semantics of the deterministic policies, in plain Java: a hit updates the entry's use (except FIFO);
 * a miss stores, first evicting one entry when full. The scripts must agree with it call for call.
 */
final class ReferenceModel {
  private final EvictionPolicy policy;
  private final int maxSize;
  private final Map<String, long[]> entries = new HashMap<>(); // key -> {hits, lastUse, inserted}
  private long tick;

  ReferenceModel(EvictionPolicy policy, int maxSize) {
    this.policy = policy;
    this.maxSize = maxSize;
  }

  /** Returns whether the call is a hit, and applies it. */
  boolean access(String key) {
    long[] entry = entries.get(key);
    if (entry != null) {
      if (policy != EvictionPolicy.FIFO) {
        entry[0]++;
        entry[1] = ++tick;
      }
      return true;
    }
    if (entries.size() >= maxSize) {
      entries.remove(victim());
    }
    tick++;
    entries.put(key, new long[] {0, tick, tick});
    return false;
  }

  int size() {
    return entries.size();
  }

  boolean contains(String key) {
    return entries.containsKey(key);
  }

  private String victim() {
    String victim = null;
    long[] best = null;
    for (Map.Entry<String, long[]> e : entries.entrySet()) {
      long[] v = e.getValue();
      if (best == null || before(v, best)) {
        best = v;
        victim = e.getKey();
      }
    }
    return victim;
  }

  private boolean before(long[] a, long[] b) {
    return switch (policy) {
      case LRU -> a[1] < b[1];
      case FIFO -> a[2] < b[2];
      case MRU -> a[1] > b[1];
      case LFU -> a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]);
      default -> throw new IllegalArgumentException("no exact model for " + policy);
    };
  }
}
