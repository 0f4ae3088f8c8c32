package dev.recall.policies;

import dev.recall.function.EvictionPolicy;

/** The LFU policy's scripts: fewest hits go first, ties to the least recently used. Found by {@link java.util.ServiceLoader}; users never name it. */
public final class LfuPolicy extends LuaPolicy {
  /** Loads the scripts. */
  public LfuPolicy() {
    super(EvictionPolicy.LFU, "lfu-hit.lua", "lfu-store.lua");
  }
}
