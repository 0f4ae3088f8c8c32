package dev.recall.internal.function;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** What the next memoized call on this thread does instead of the usual read: skip the cache or recompute. */
enum CallMode {
  BYPASS,
  REFRESH;

  private static final ThreadLocal<@Nullable CallMode> NEXT = new ThreadLocal<>();

  /** Returns and clears the mode for the next call; null for a normal call. */
  static @Nullable CallMode take() {
    CallMode mode = NEXT.get();
    if (mode != null) {
      NEXT.remove();
    }
    return mode;
  }

  /** Runs {@code call} with this mode set for its first memoized call. */
  <R> R around(Supplier<R> call) {
    CallMode previous = NEXT.get();
    NEXT.set(this);
    try {
      return call.get();
    } finally {
      if (previous == null) {
        NEXT.remove();
      } else {
        NEXT.set(previous);
      }
    }
  }
}
