package dev.recall.internal;

/** An end of a Redis list, for {@code LMOVE} and {@code BLMOVE}. */
public enum ListEnd {
  /** The head. */
  LEFT,
  /** The tail. */
  RIGHT
}
