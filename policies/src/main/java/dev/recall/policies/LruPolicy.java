package dev.recall.policies;

import dev.recall.function.EvictionPolicy;

/** The LRU policy's scripts: exact least-recently-used order kept by a per-pair sequence counter. Found by {@link java.util.ServiceLoader}; users never name it. */
public final class LruPolicy extends LuaPolicy {
  /** Loads the scripts. */
  public LruPolicy() {
    super(EvictionPolicy.LRU, "recency-hit.lua", "lru-store.lua");
  }
}
