package dev.recall.internal.jfr;

import jdk.jfr.Event;
import org.jspecify.annotations.Nullable;

/**
 * Starts and ends Recall's JFR events; reached only through {@link RecallEvents}, which makes sure the JDK has JFR
 * before this class (whose types are JFR's) is loaded. Each
 * {@code begin} method returns {@code null} while its event is disabled (no recording asks for it), and each
 * {@code end} method takes that {@code null} quietly: a disabled event costs one check, no allocation and no clock
 * read. An enabled event is committed only when it passes its threshold ({@link Event#shouldCommit()}). Only the
 * slow paths (loads, waits, outages) use these, never a cache hit. Thread-safe: each event object belongs to the
 * thread that began it (an outage to the cache's stats, which hand it over safely).
 */
final class JfrEvents {
  // One instance of each event answers isEnabled(), which reads the event type's setting, not the instance.
  private static final LoadEvent LOAD = new LoadEvent();
  private static final OutageEvent OUTAGE = new OutageEvent();
  private static final StampedeWaitEvent STAMPEDE_WAIT = new StampedeWaitEvent();

  private JfrEvents() {}

  /** Starts timing a computation, or returns {@code null} while {@code dev.recall.Load} is disabled. */
  static @Nullable Object beginLoad() {
    if (!LOAD.isEnabled()) {
      return null;
    }
    LoadEvent event = new LoadEvent();
    event.begin();
    return event;
  }

  /** Ends the computation that {@link #beginLoad()} started, recording it if it took longer than the threshold. */
  static void endLoad(@Nullable Object started, String cache, String function, boolean success) {
    if (started instanceof LoadEvent event) {
      event.end();
      if (event.shouldCommit()) {
        event.cache = cache;
        event.function = function;
        event.outcome = success ? "success" : "failure";
        event.commit();
      }
    }
  }

  /** Marks the start of an outage, or returns {@code null} while {@code dev.recall.Outage} is disabled. */
  static @Nullable Object beginOutage() {
    if (!OUTAGE.isEnabled()) {
      return null;
    }
    OutageEvent event = new OutageEvent();
    event.begin();
    return event;
  }

  /**
   * Records the outage that {@link #beginOutage()} started, now that Redis answers again, with its first failure and
   * the number of failures in it.
   */
  static void endOutage(@Nullable Object started, String cache, String cause, long failures) {
    if (started instanceof OutageEvent event) {
      event.end();
      if (event.shouldCommit()) {
        event.cache = cache;
        event.cause = cause;
        event.failures = failures;
        event.commit();
      }
    }
  }

  /** Starts timing a stampede wait, or returns {@code null} while {@code dev.recall.StampedeWait} is disabled. */
  static @Nullable Object beginStampedeWait() {
    if (!STAMPEDE_WAIT.isEnabled()) {
      return null;
    }
    StampedeWaitEvent event = new StampedeWaitEvent();
    event.begin();
    return event;
  }

  /** Ends the wait that {@link #beginStampedeWait()} started, recording it if it passed the threshold. */
  static void endStampedeWait(@Nullable Object started, String cache, String function) {
    if (started instanceof StampedeWaitEvent event) {
      event.end();
      if (event.shouldCommit()) {
        event.cache = cache;
        event.function = function;
        event.commit();
      }
    }
  }
}
