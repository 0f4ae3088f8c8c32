package dev.recall;

import org.jspecify.annotations.Nullable;

/** A codec could not encode a value to bytes or decode bytes to the expected type; the message names the type. */
public final class RecallCodecException extends RecallException {
  private static final long serialVersionUID = 1L;

  /** The name of the Java type that could not be encoded or decoded. */
  private final String type;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the type
   * @param type the Java type being encoded or decoded
   * @param cause the codec's own exception
   */
  public RecallCodecException(String message, String type, @Nullable Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  /** {@return the name of the Java type that could not be encoded or decoded} */
  public String type() {
    return type;
  }
}
