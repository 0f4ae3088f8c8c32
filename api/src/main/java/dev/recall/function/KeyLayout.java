package dev.recall.function;

/**
 * How a function cache spreads its entries over Redis keys. On a Redis Cluster the keys carry hash tags
 * automatically: {@code {<cache>:<policy>}} for {@link #SINGLE} (the whole cache on one slot) and
 * {@code {<cache>:<policy>:<function>}} for {@link #MULTIPLE} (each function on its own slot, spread over nodes).
 */
public enum KeyLayout {
  /** One set of keys for the whole cache, shared by all its functions; the max size bounds the whole cache. */
  SINGLE,
  /** One set of keys per function; the max size bounds each function's entries separately. */
  MULTIPLE
}
