package dev.recall.tracking;

/**
 * One recorded call: its arguments and its output, as stored in Redis.
 *
 * @param inputs the arguments as one JSON array, such as {@code ["foo",2]}
 * @param output the result as JSON, such as {@code "13bf32a9-..."} or {@code 6}; for a call that threw,
 *     {@code !} followed by the exception's class name and, when it has one, {@code ": "} and its message
 */
public record RecordedCall(String inputs, String output) {

  /** Marks an output entry that records an exception; JSON text never starts with it. */
  public static final String EXCEPTION_MARK = "!";

  /** {@return whether the call threw instead of returning} */
  public boolean threw() {
    return output.startsWith(EXCEPTION_MARK);
  }

  /**
   * Returns the arguments rendered as a Python tuple, as seed tools print {@code *args}: strings in single quotes,
   * {@code True}/{@code False}/{@code None}, JSON arrays as lists and objects as dicts, and a trailing comma for
   * one argument: {@code ('foo',)}, {@code (2, 3)}, {@code ()}.
   *
   * @return the Python tuple, or the stored text in parentheses when it is not a JSON array
   */
  public String renderedInputs() {
    return PythonStyle.tuple(inputs);
  }

  /**
   * Returns the output as {@code str()} would print it in Python: a string without quotes, other values in Python
   * notation; a call that threw reads {@code raised <class>: <message>}.
   *
   * @return the rendered output; stored text that is not JSON is returned as it is
   */
  public String renderedOutput() {
    if (threw()) {
      return "raised " + output.substring(EXCEPTION_MARK.length());
    }
    return PythonStyle.str(output);
  }
}
