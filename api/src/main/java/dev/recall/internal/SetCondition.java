package dev.recall.internal;

/** When {@code SET} writes: always, only when the key is absent ({@code NX}), or only when present ({@code XX}). */
public enum SetCondition {
  /** Write whatever is there. */
  ALWAYS,
  /** Write only when the key does not exist. */
  IF_ABSENT,
  /** Write only when the key exists. */
  IF_PRESENT
}
