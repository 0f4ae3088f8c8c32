package dev.recall.function;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/** The checks the function cache's config builders share, so that each setting's message reads the same. */
final class Settings {
  /**
   * The longest name, in bytes of UTF-8: the engine's limit for a key, field or feature name (64 KiB), repeated here
   * because this public package may not depend on the engine's {@code internal} one; a test keeps the two equal.
   */
  static final int MAX_NAME_BYTES = 64 * 1024;

  private Settings() {}

  /**
   * Returns {@code name} when its UTF-8 form fits in {@link #MAX_NAME_BYTES}; the message reads like the engine's
   * for any other key that is too long.
   *
   * @throws IllegalArgumentException naming {@code what}, the size, the limit and the name's beginning
   */
  static String withinKeyLimit(String what, String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(what + " is " + bytes.length + " bytes, over Recall's limit of "
          + MAX_NAME_BYTES + " bytes for a key: '" + new String(bytes, 0, 40, StandardCharsets.UTF_8) + "...'");
    }
    return name;
  }

  /**
   * Returns {@code value} when it is at least 1 ms.
   *
   * @throws NullPointerException naming {@code setting} when it is null
   * @throws IllegalArgumentException naming {@code setting} and the value when it is shorter than 1 ms
   */
  static Duration atLeastOneMilli(String setting, Duration value) {
    Objects.requireNonNull(value, setting);
    if (value.isNegative() || value.toMillis() < 1) {
      throw new IllegalArgumentException(setting + " must be at least 1 ms, got " + value);
    }
    return value;
  }
}
