package dev.recall.internal.jfr;

import org.jspecify.annotations.Nullable;

/**
 * Starts and ends the function cache's JFR events for the engine, which lives in other packages of this module (the
 * streams module records its own {@code dev.recall.StreamHandler} event). Each {@code begin} method returns
 * {@code null} while its event is disabled (no recording asks for it) or the JDK has no {@code jdk.jfr} module (a
 * trimmed runtime image), and each {@code end} method takes that {@code null} quietly: a disabled event costs one
 * check, no allocation and no clock read. The event objects are handed around as
 * {@code Object}, so no caller's class refers to a JFR type and none fails to load without JFR. Only the slow
 * paths (loads, waits, outages) use these, never a cache hit. Thread-safe.
 */
public final class RecallEvents {
  private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

  private RecallEvents() {}

  /** Starts timing a computation, or returns {@code null} while {@code dev.recall.Load} is disabled. */
  public static @Nullable Object beginLoad() {
    return AVAILABLE ? JfrEvents.beginLoad() : null;
  }

  /** Ends the computation that {@link #beginLoad()} started, recording it if it took longer than the threshold. */
  public static void endLoad(@Nullable Object started, String cache, String function, boolean success) {
    if (started != null) {
      JfrEvents.endLoad(started, cache, function, success);
    }
  }

  /** Marks the start of an outage, or returns {@code null} while {@code dev.recall.Outage} is disabled. */
  public static @Nullable Object beginOutage() {
    return AVAILABLE ? JfrEvents.beginOutage() : null;
  }

  /** Records the outage that {@link #beginOutage()} started, with its first failure and its number of failures. */
  public static void endOutage(@Nullable Object started, String cache, String cause, long failures) {
    if (started != null) {
      JfrEvents.endOutage(started, cache, cause, failures);
    }
  }

  /** Starts timing a stampede wait, or returns {@code null} while {@code dev.recall.StampedeWait} is disabled. */
  public static @Nullable Object beginStampedeWait() {
    return AVAILABLE ? JfrEvents.beginStampedeWait() : null;
  }

  /** Ends the wait that {@link #beginStampedeWait()} started, recording it if it passed the threshold. */
  public static void endStampedeWait(@Nullable Object started, String cache, String function) {
    if (started != null) {
      JfrEvents.endStampedeWait(started, cache, function);
    }
  }
}
