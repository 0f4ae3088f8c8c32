package dev.recall.testkit;

/** A test server could not be found, started or controlled; the message says why and what to install. */
public final class RedisServerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be done and why, and what to install or set
   */
  public RedisServerException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what could not be done and why, and what to install or set
   * @param cause the failure underneath, such as an {@code IOException}
   */
  public RedisServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
