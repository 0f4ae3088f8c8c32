package dev.recall.policies;

import dev.recall.function.EvictionPolicy;

/** The FIFO policy's scripts: a hit is a bare read; the oldest insert goes first. Found by {@link java.util.ServiceLoader}; users never name it. */
public final class FifoPolicy extends LuaPolicy {
  /** Loads the scripts. */
  public FifoPolicy() {
    super(EvictionPolicy.FIFO, "plain-hit.lua", "fifo-store.lua");
  }
}
