package dev.recall.jmh;

/** The drivers a benchmark compares, as a JMH parameter. */
public enum Driver {
  /** The Lettuce driver: one shared connection, native async. */
  LETTUCE,
  /** The Jedis driver: a pool behind a fair semaphore, async on virtual threads. */
  JEDIS;

  String driverName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
