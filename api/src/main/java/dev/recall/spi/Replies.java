package dev.recall.spi;

import dev.recall.RecallCommandException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads the raw replies of {@link DriverConnection} (see {@link Command}) into Java values. Stateless. */
public final class Replies {
  private Replies() {}

  /**
   * Returns the reply as bytes, or {@code null} for nil; an integer reply gives its decimal text.
   *
   * @param reply a raw reply
   * @return the string's bytes, not copied, or {@code null} for nil
   * @throws RecallCommandException for another shape
   */
  public static byte @Nullable [] bytes(@Nullable Object reply) {
    if (reply == null || reply instanceof byte[]) {
      return (byte[]) reply;
    }
    if (reply instanceof Long number) {
      return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
    }
    throw unexpected("a string", reply);
  }

  /**
   * Returns the reply as UTF-8 text, or {@code null} for nil; an integer reply gives its decimal text.
   *
   * @param reply a raw reply
   * @return the decoded text, or {@code null} for nil
   * @throws RecallCommandException for another shape
   */
  public static @Nullable String string(@Nullable Object reply) {
    byte[] bytes = bytes(reply);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Returns the reply as a long; a numeric string is parsed.
   *
   * @param reply a raw reply
   * @return the integer
   * @throws RecallCommandException for nil, a string that is not a decimal long, or another shape
   */
  public static long longValue(@Nullable Object reply) {
    if (reply instanceof Long number) {
      return number;
    }
    if (reply instanceof byte[] bytes) {
      try {
        return Long.parseLong(new String(bytes, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw unexpected("an integer", reply);
      }
    }
    throw unexpected("an integer", reply);
  }

  /**
   * Returns whether an integer reply is 1 (or more), as for {@code EXISTS} and {@code HSET}.
   *
   * @param reply a raw integer reply, or a numeric string
   * @return {@code true} when the integer is positive
   * @throws RecallCommandException when the reply is not an integer
   */
  public static boolean flag(@Nullable Object reply) {
    return longValue(reply) > 0;
  }

  /**
   * Returns an array reply, or an empty list for nil.
   *
   * @param reply a raw reply
   * @return the raw elements, not copied
   * @throws RecallCommandException for another shape
   */
  @SuppressWarnings("unchecked")
  public static List<@Nullable Object> list(@Nullable Object reply) {
    if (reply == null) {
      return List.of();
    }
    if (reply instanceof List<?> items) {
      return (List<@Nullable Object>) items;
    }
    throw unexpected("an array", reply);
  }

  /**
   * Returns an array reply of strings as a list of byte arrays; nil elements stay {@code null}.
   *
   * @param reply a raw array reply, or nil for an empty list
   * @return a new list with the bytes of each element, as {@link #bytes} reads them
   * @throws RecallCommandException when the reply is not an array or an element is not a string or integer
   */
  public static List<byte @Nullable []> bytesList(@Nullable Object reply) {
    List<@Nullable Object> items = list(reply);
    List<byte @Nullable []> result = new ArrayList<>(items.size());
    for (Object item : items) {
      result.add(bytes(item));
    }
    return result;
  }

  /**
   * Returns an error that says what reply was expected and what came; it is not thrown here.
   *
   * @param expected what was expected, for the message, such as {@code "an integer"}
   * @param reply the raw reply that came instead; only its shape is described
   * @return the exception to throw
   */
  public static RecallCommandException unexpected(String expected, @Nullable Object reply) {
    String shape = reply == null ? "nil" : reply instanceof byte[] b ? "a string of " + b.length + " bytes"
        : reply.getClass().getSimpleName();
    return new RecallCommandException("(reply)", "ERR expected " + expected + " but got " + shape, null);
  }
}
