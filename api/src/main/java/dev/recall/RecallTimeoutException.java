package dev.recall;

import org.jspecify.annotations.Nullable;

/** Redis did not answer a command within the configured command timeout. */
public final class RecallTimeoutException extends RecallConnectionException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message and the driver's cause.
   *
   * @param message what did not answer in time and at which server
   * @param cause the driver's exception, or {@code null}
   */
  public RecallTimeoutException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
