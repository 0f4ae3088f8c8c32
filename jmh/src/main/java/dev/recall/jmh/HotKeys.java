package dev.recall.jmh;

/**
 * The keys 0 to {@code count - 1}, one per call, round and round: the hot keys a hit benchmark reads in turn. Not
 * thread-safe: each benchmark state holds its own, used by one thread.
 */
final class HotKeys {
  private final long count;
  private long next;

  HotKeys(long count) {
    this.count = count;
  }

  /** Returns the next key. */
  long next() {
    long key = next++;
    if (next == count) {
      next = 0;
    }
    return key;
  }
}
