package dev.recall.function;

/** How a function cache spreads its entries over Redis keys. */
public enum KeyLayout {
  /** One set of keys for the whole cache, shared by all its functions; the max size bounds the whole cache. */
  SINGLE,
  /** One set of keys per function; the max size bounds each function's entries separately. */
  MULTIPLE
}
