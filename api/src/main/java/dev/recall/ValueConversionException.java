package dev.recall;

import org.jspecify.annotations.Nullable;

/**
 * A value exists under a key but cannot be converted to what the caller asked for, for example {@code "abc"} read
 * with {@code getInt}. A missing key is never this exception: it is an empty result.
 */
public final class ValueConversionException extends RecallException {
  private static final long serialVersionUID = 1L;

  /** The key whose value could not be converted. */
  private final String key;
  /** What the value was to be converted to. */
  private final String target;

  /**
   * Creates the exception.
   *
   * @param key the key whose value could not be converted
   * @param target what the value was to become, such as {@code int}
   * @param value a short, printable preview of the stored value
   * @param cause the converter's exception, if any
   */
  public ValueConversionException(String key, String target, String value, @Nullable Throwable cause) {
    super("value under key '" + key + "' cannot be converted to " + target + ": " + value, cause);
    this.key = key;
    this.target = target;
  }

  /** {@return the key whose value could not be converted} */
  public String key() {
    return key;
  }

  /** {@return what the value was to be converted to, such as {@code int}} */
  public String target() {
    return target;
  }
}
