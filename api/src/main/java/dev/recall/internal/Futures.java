package dev.recall.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for the futures the engine composes. */
public final class Futures {
  private Futures() {}

  /**
   * The original exception of a failed stage: composition wraps it in {@link CompletionException}s (and
   * {@link java.util.concurrent.Future#get} in an {@link ExecutionException}), which say nothing of their own.
   */
  public static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
