package dev.recall.policies;

import dev.recall.function.EvictionPolicy;

/** The RR policy's scripts: a hit is a bare read; a random entry goes first. Found by {@link java.util.ServiceLoader}; users never name it. */
public final class RandomPolicy extends LuaPolicy {
  /** Loads the scripts. */
  public RandomPolicy() {
    super(EvictionPolicy.RR, "plain-hit.lua", "rr-store.lua");
  }
}
