package dev.recall.streams.internal;

import org.jspecify.annotations.Nullable;

/**
 * The part of {@link HandlerEvents} that touches JFR's types, loaded only once {@link HandlerEvents} has seen that
 * the JDK has {@code jdk.jfr}. Thread-safe: each event object belongs to the worker thread that began it.
 */
final class HandlerJfr {
  // One instance answers isEnabled(), which reads the event type's setting, not the instance.
  private static final StreamHandlerEvent ENABLED = new StreamHandlerEvent();

  private HandlerJfr() {}

  /** Starts an event, or returns {@code null} while it is disabled. */
  static @Nullable Object begin() {
    if (!ENABLED.isEnabled()) {
      return null;
    }
    StreamHandlerEvent event = new StreamHandlerEvent();
    event.begin();
    return event;
  }

  /** Ends the event that {@link #begin()} started and commits it when it passed its threshold. */
  static void end(Object started, String channel, String group, String message, boolean success) {
    if (started instanceof StreamHandlerEvent event) {
      event.end();
      if (event.shouldCommit()) {
        event.channel = channel;
        event.group = group;
        event.message = message;
        event.success = success;
        event.commit();
      }
    }
  }
}
