package dev.recall.spi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/** Encodes the arguments of a {@link Command}: text, numbers and times in the wire form Redis reads. */
public final class CommandArgs {
  private CommandArgs() {}

  /**
   * Returns text as UTF-8 bytes, for keys, names and values.
   *
   * @param text the text to encode
   * @return a new array with the UTF-8 bytes
   */
  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Returns text that is ASCII by construction (keywords, stream ids) as bytes.
   *
   * @param text the ASCII text; other characters are replaced with {@code ?}
   * @return a new array with one byte per character
   */
  public static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Returns a number's decimal text as bytes, as Redis reads integer arguments.
   *
   * @param value the number, which may be negative
   * @return a new array with the ASCII digits (and a leading {@code -} for a negative number)
   */
  public static byte[] decimal(long value) {
    return ascii(Long.toString(value));
  }

  /**
   * Returns a duration in whole milliseconds, at least one.
   *
   * @param duration the duration; any fraction of a millisecond is dropped
   * @param what what the duration is, for the message, such as {@code "time to live"}
   * @return the duration in milliseconds, 1 or more
   * @throws IllegalArgumentException naming {@code what} and the duration when it is under one millisecond
   * @throws NullPointerException when the duration is null
   */
  public static long positiveMillis(Duration duration, String what) {
    Objects.requireNonNull(duration, what);
    long millis = duration.toMillis();
    if (millis < 1) {
      throw new IllegalArgumentException("a " + what + " must be at least 1 ms, got " + duration);
    }
    return millis;
  }
}
