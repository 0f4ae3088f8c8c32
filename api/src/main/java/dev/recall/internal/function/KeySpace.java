package dev.recall.internal.function;

import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.KeyLayout;
import java.nio.charset.StandardCharsets;

/**
 * Every Redis key name of one function cache is built here and nowhere else (scripts receive them all in
 * {@code KEYS}).
 *
 * <p>On a single server: {@code recall:fn:<cache>:<policy>:} then {@code pairs} (the registry), {@code s:} for the
 * single layout's pair, {@code m:<function>:} for each function's pair in the multiple layout.
 *
 * <p>On a Redis Cluster every key a script touches must hash to one slot, so the names carry a hash tag:
 * {@code recall:fn:{<cache>:<policy>}:s:...} for the single layout's pair and the registry (one slot for the whole
 * cache, so the store script still registers the pair atomically), {@code recall:fn:{<cache>:<policy>:<function>}:m:...}
 * for each function's pair in the multiple layout (functions spread over slots; the registry, on its own slot,
 * is then written by a separate command, see {@link #storeRegisters}). A lease key is its pair's prefix plus the
 * field, so it shares the pair's tag.
 */
final class KeySpace {
  private static final byte[] PUBLISH = utf8("PUBLISH");
  private static final byte[] SPUBLISH = utf8("SPUBLISH");

  private final String cacheTag;
  private final String bare;
  private final boolean tagged;
  private final byte[] registry;

  /**
   * Builds the key names of a cache.
   *
   * @param tagged whether to use the hash-tagged cluster names
   * @throws IllegalArgumentException when {@code tagged} and the cache name starts with '}', which would make the
   *     tag empty (Redis then hashes whole names, scattering one pair over several slots)
   */
  KeySpace(FunctionCacheConfig config, boolean tagged) {
    if (tagged && config.name().startsWith("}")) {
      throw new IllegalArgumentException("on a Redis Cluster a function cache name must not start with '}' (it "
          + "would end the key's hash tag at once), got '" + config.name() + "'");
    }
    this.tagged = tagged;
    this.cacheTag = config.name() + ":" + config.policy().id();
    this.bare = "recall:fn:" + cacheTag + ":";
    this.registry = utf8(tagged ? "recall:fn:{" + cacheTag + "}:pairs" : bare + "pairs");
  }

  /** The hash whose fields are the prefixes of every pair this cache wrote to; clearing walks it, never KEYS. */
  byte[] registry() {
    return registry;
  }

  /**
   * Whether the store script registers the pair itself (the registry shares the pair's slot); otherwise the caller
   * registers it with its own command before storing.
   */
  boolean storeRegisters(KeyLayout layout) {
    return !tagged || layout == KeyLayout.SINGLE;
  }

  /** The pair holding {@code function}'s entries under the given layout. */
  PairKeys pair(KeyLayout layout, String function) {
    String prefix;
    if (tagged) {
      prefix = layout == KeyLayout.SINGLE ? "recall:fn:{" + cacheTag + "}:s:"
          : "recall:fn:{" + cacheTag + ":" + function + "}:m:";
    } else {
      prefix = layout == KeyLayout.SINGLE ? bare + "s:" : bare + "m:" + function + ":";
    }
    return fromPrefix(utf8(prefix));
  }

  /** The pair whose prefix is {@code prefix}, as stored in the registry. */
  PairKeys fromPrefix(byte[] prefix) {
    String text = new String(prefix, StandardCharsets.UTF_8);
    return new PairKeys(prefix, utf8(text + "data"), utf8(text + "order"), utf8(text + "expiry"),
        utf8(text + "seq"), utf8(text + "lease:"), utf8(text + "inv"), tagged ? SPUBLISH : PUBLISH);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
