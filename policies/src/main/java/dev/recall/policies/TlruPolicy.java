package dev.recall.policies;

import dev.recall.function.EvictionPolicy;

/** The TLRU policy's scripts: LRU ordered by the server's millisecond clock. Found by {@link java.util.ServiceLoader}; users never name it. */
public final class TlruPolicy extends LuaPolicy {
  /** Loads the scripts. */
  public TlruPolicy() {
    super(EvictionPolicy.TLRU, "tlru-hit.lua", "tlru-store.lua");
  }
}
