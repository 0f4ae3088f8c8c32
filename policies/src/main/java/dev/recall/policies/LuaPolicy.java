package dev.recall.policies;

import dev.recall.function.EvictionPolicy;
import dev.recall.function.spi.PolicyScripts;
import dev.recall.spi.Script;

/** The scripts every policy shares, and the two each policy brings: its read (hit path) and store scripts. */
abstract sealed class LuaPolicy implements PolicyScripts
    permits LruPolicy, FifoPolicy, LfuPolicy, MruPolicy, RandomPolicy, TlruPolicy {
  private static final Script REMOVE = Script.fromResource(LuaPolicy.class, "remove.lua");
  private static final Script SIZE = Script.fromResource(LuaPolicy.class, "size.lua");
  private static final Script CLEAR = Script.fromResource(LuaPolicy.class, "clear.lua");
  private static final Script RELEASE = Script.fromResource(LuaPolicy.class, "release.lua");
  private static final Script DROP = Script.fromResource(LuaPolicy.class, "drop.lua");
  // Every read, touch and store script is its policy's fragment (what a hit does to the order; victim choice and
  // order bookkeeping on a store) followed by the shared body; the touch script also has the fragment that replays
  // many hits of one entry at once (<policy>-touch.lua), kept out of the read script's hot path.
  private static final Script READ_BODY = Script.fromResource(LuaPolicy.class, "read.lua");
  private static final Script TOUCH_BODY = Script.fromResource(LuaPolicy.class, "touch.lua");
  private static final Script STORE_BODY = Script.fromResource(LuaPolicy.class, "store.lua");

  private final EvictionPolicy policy;
  private final Script read;
  private final Script touch;
  private final Script store;

  LuaPolicy(EvictionPolicy policy, String hitResource, String storeResource) {
    this.policy = policy;
    this.read = compose(hitResource, READ_BODY);
    this.touch = Script.of(hitResource.replace("-hit.lua", "-touch.lua") + "+" + TOUCH_BODY.name(),
        Script.fromResource(getClass(), hitResource).source()
            + Script.fromResource(getClass(), hitResource.replace("-hit.lua", "-touch.lua")).source()
            + TOUCH_BODY.source());
    this.store = compose(storeResource, STORE_BODY);
  }

  private Script compose(String fragmentResource, Script body) {
    return Script.of(fragmentResource + "+" + body.name(),
        Script.fromResource(getClass(), fragmentResource).source() + body.source());
  }

  @Override
  public final EvictionPolicy policy() {
    return policy;
  }

  @Override
  public final Script read() {
    return read;
  }

  @Override
  public final Script touch() {
    return touch;
  }

  @Override
  public final Script store() {
    return store;
  }

  @Override
  public final Script drop() {
    return DROP;
  }

  @Override
  public final Script remove() {
    return REMOVE;
  }

  @Override
  public final Script size() {
    return SIZE;
  }

  @Override
  public final Script clear() {
    return CLEAR;
  }

  @Override
  public final Script release() {
    return RELEASE;
  }

  @Override
  public String toString() {
    return policy + "[" + read.name() + ", " + store.name() + "]";
  }
}
