package dev.recall.function;

/**
 * An argument of a memoized call cannot be part of a cache key: its type has no canonical encoding, or it
 * contains itself. Thrown before anything reaches Redis; the message names the argument's index and type.
 *
 * <p>An {@link IllegalArgumentException} like every other bad argument Recall refuses, not a
 * {@link dev.recall.RecallException}: the call is at fault, not Redis or a codec.
 */
public final class UnsupportedArgumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The zero-based index of the offending argument. */
  private final int index;
  /** The name of the offending type. */
  private final String type;

  /**
   * Creates the exception.
   *
   * @param function the memoized function's name
   * @param index the zero-based argument index
   * @param type the offending type's name
   * @param reason why it cannot be encoded
   */
  public UnsupportedArgumentException(String function, int index, String type, String reason) {
    super("argument " + index + " of '" + function + "' cannot be part of a cache key: " + reason + " (type "
        + type + "); use records, strings, numbers, enums, collections, maps or arrays of them, or ignore it");
    this.index = index;
    this.type = type;
  }

  /** {@return the zero-based index of the offending argument} */
  public int index() {
    return index;
  }

  /** {@return the name of the offending type} */
  public String type() {
    return type;
  }
}
