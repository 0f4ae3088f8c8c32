package dev.recall.internal.function;

import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.KeyLayout;
import java.nio.charset.StandardCharsets;

/**
 * Every Redis key name of one function cache is built here and nowhere else (scripts receive them all in
 * {@code KEYS}), so a cluster layout with hash tags can be added in one place: {@code recall:fn:<cache>:<policy>:}
 * then {@code pairs} (the registry), {@code s:} for the single layout's pair, {@code m:<function>:} for each
 * function's pair in the multiple layout.
 */
final class KeySpace {
  private final String base;
  private final byte[] registry;

  KeySpace(FunctionCacheConfig config) {
    this.base = "recall:fn:" + config.name() + ":" + config.policy().id() + ":";
    this.registry = utf8(base + "pairs");
  }

  /** The hash whose fields are the prefixes of every pair this cache wrote to; clearing walks it, never KEYS. */
  byte[] registry() {
    return registry;
  }

  /** The pair holding {@code function}'s entries under the given layout. */
  PairKeys pair(KeyLayout layout, String function) {
    return layout == KeyLayout.SINGLE ? fromPrefix(utf8(base + "s:")) : fromPrefix(utf8(base + "m:" + function + ":"));
  }

  /** The pair whose prefix is {@code prefix}, as stored in the registry. */
  static PairKeys fromPrefix(byte[] prefix) {
    String text = new String(prefix, StandardCharsets.UTF_8);
    return new PairKeys(prefix, utf8(text + "data"), utf8(text + "order"), utf8(text + "expiry"),
        utf8(text + "seq"), utf8(text + "lease:"));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
