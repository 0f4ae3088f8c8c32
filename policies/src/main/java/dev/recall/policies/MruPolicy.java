package dev.recall.policies;

import dev.recall.function.EvictionPolicy;

/** The MRU policy's scripts: evicts the most recently used other entry. Found by {@link java.util.ServiceLoader}; users never name it. */
public final class MruPolicy extends LuaPolicy {
  /** Loads the scripts. */
  public MruPolicy() {
    super(EvictionPolicy.MRU, "recency-hit.lua", "mru-store.lua");
  }
}
