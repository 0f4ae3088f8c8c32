package dev.recall.stream;

import java.util.Objects;

/**
 * The rules for channel, group and consumer names, which become parts of Redis keys and command arguments: 1 to
 * 200 characters, no whitespace or control characters, and for channels no braces (those of the stream key's hash
 * tag). Builders and senders check names with these methods as soon as they are given.
 */
public final class StreamNames {
  private static final int MAX_LENGTH = 200;

  private StreamNames() {}

  /**
   * Returns the channel name when valid.
   *
   * @param channel the name to check: 1 to 200 characters, no whitespace, control characters or braces
   * @return {@code channel}
   * @throws IllegalArgumentException naming the channel when it is not
   * @throws NullPointerException when the name is null
   */
  public static String channel(String channel) {
    return check("channel", channel, true);
  }

  /**
   * Returns the consumer group name when valid.
   *
   * @param group the name to check: 1 to 200 characters, no whitespace or control characters
   * @return {@code group}
   * @throws IllegalArgumentException naming the group when it is not
   * @throws NullPointerException when the name is null
   */
  public static String group(String group) {
    return check("group", group, false);
  }

  /**
   * Returns the consumer name when valid.
   *
   * @param consumer the name to check: 1 to 200 characters, no whitespace or control characters
   * @return {@code consumer}
   * @throws IllegalArgumentException naming the consumer when it is not
   * @throws NullPointerException when the name is null
   */
  public static String consumer(String consumer) {
    return check("consumer", consumer, false);
  }

  private static String check(String what, String name, boolean noBraces) {
    Objects.requireNonNull(name, what);
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a " + what + " name must have 1 to " + MAX_LENGTH + " characters, got '" + name + "'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || (noBraces && (c == '{' || c == '}'))) {
        throw new IllegalArgumentException("a " + what + " name must not contain whitespace"
            + (noBraces ? " or braces" : "") + ", got '" + name + "'");
      }
    }
    return name;
  }
}
