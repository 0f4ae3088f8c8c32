package dev.recall;

import org.jspecify.annotations.Nullable;

/**
 * Redis could not be reached or did not answer in time: a refused or broken connection, a failed handshake, or a
 * command timeout ({@link RecallTimeoutException}). The driver's own exception is the cause.
 */
public non-sealed class RecallConnectionException extends RecallException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message and the driver's cause.
   *
   * @param message what failed and at which server; never a password
   * @param cause the driver's exception, or {@code null}
   */
  public RecallConnectionException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
