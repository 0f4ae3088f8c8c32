package dev.recall.streams.internal;

import dev.recall.stream.ErrorHandler;
import org.jspecify.annotations.Nullable;

/** Passes a consumer's failures to its {@link ErrorHandler}, which must never stop consumption. */
final class ErrorReporter {
  private final ErrorHandler handler;

  ErrorReporter(ErrorHandler handler) {
    this.handler = handler;
  }

  /** Reports a failure; what the handler throws is dropped, as {@link ErrorHandler} documents. */
  void report(String channel, @Nullable String id, Throwable error) {
    try {
      handler.onError(channel, id, error);
    } catch (Throwable ignored) {
      // The error handler must not stop consumption.
    }
  }
}
