package dev.recall.internal.tracking;

/**
 * What to do for calls under one name.
 *
 * @param name the tracked name
 * @param count whether to count calls
 * @param history whether to record them
 */
record Site(String name, boolean count, boolean history) {
  /** Does what either site does: stacked decorators of one name become one site, so one round trip. */
  Site merge(Site other) {
    return new Site(name, count || other.count, history || other.history);
  }
}
