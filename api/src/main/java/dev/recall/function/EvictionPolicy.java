package dev.recall.function;

import java.util.Locale;

/**
 * Which entry a full function cache removes before storing a new one. Each policy runs as atomic Lua scripts from
 * the {@code dev.recall:recall-policies} module: a hit is one script call, a miss and its store one more.
 */
public enum EvictionPolicy {
  /** Least recently used: evicts the entry read or written longest ago. Exact. */
  LRU,
  /** First in, first out: evicts the oldest inserted entry; hits do not reorder. Exact. */
  FIFO,
  /** Least frequently used: evicts the entry with the fewest hits, ties going to the least recently used. */
  LFU,
  /** Most recently used: evicts the most recently read or written entry (other than the one being stored). */
  MRU,
  /** Random replacement: evicts a uniformly random entry; hits cost nothing but the read. */
  RR,
  /** Timestamp LRU: LRU ordered by the server's clock in milliseconds; entries used in the same millisecond tie. */
  TLRU;

  /** {@return the lower-case name used on command lines and in key names, such as {@code lru}} */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a policy name, case-insensitively.
   *
   * @param name the name, such as {@code lru} or {@code LRU}; surrounding white space is ignored
   * @return the policy of that name
   * @throws IllegalArgumentException naming the value and the valid names when it is not a policy
   */
  public static EvictionPolicy parse(String name) {
    for (EvictionPolicy policy : values()) {
      if (policy.name().equalsIgnoreCase(name.trim())) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "unknown eviction policy '" + name + "'; expected one of lru, fifo, lfu, mru, rr, tlru");
  }
}
