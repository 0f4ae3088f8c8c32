package dev.recall;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception Recall throws: unchecked, with a message that names what went wrong (the key, the
 * value, the type or the server's reply) and never a password.
 */
public abstract sealed class RecallException extends RuntimeException
    permits RecallConnectionException,
        RecallCommandException,
        RecallCodecException,
        ValueConversionException,
        ModuleNotFoundException,
        QueueEmptyException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message and an optional cause.
   *
   * @param message what went wrong; never a password
   * @param cause the underlying exception, or {@code null}
   */
  protected RecallException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
