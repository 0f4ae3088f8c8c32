package dev.recall.streams.internal;

import org.jspecify.annotations.Nullable;

/**
 * Starts and ends the JFR event {@code dev.recall.StreamHandler} around one handler call. {@link #begin()} returns
 * {@code null} while the event is disabled or the JDK has no {@code jdk.jfr} module (a trimmed runtime image), and
 * {@link #end} takes that {@code null} quietly, so a disabled event costs one check and no allocation. The event is
 * handed around as {@code Object}: only {@link HandlerJfr} refers to JFR's types, so this class loads without JFR.
 * The streams module keeps its own event rather than reaching into the api module's internal JFR package. Thread-safe.
 */
final class HandlerEvents {
  private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

  private HandlerEvents() {}

  /** Starts timing a handler call, or returns {@code null} while {@code dev.recall.StreamHandler} is disabled. */
  static @Nullable Object begin() {
    return AVAILABLE ? HandlerJfr.begin() : null;
  }

  /** Ends the handler call that {@link #begin()} started, recording it if it passed the threshold. */
  static void end(@Nullable Object started, String channel, String group, String message, boolean success) {
    if (started != null) {
      HandlerJfr.end(started, channel, group, message, success);
    }
  }
}
