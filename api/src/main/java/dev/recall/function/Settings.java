package dev.recall.function;

import java.time.Duration;
import java.util.Objects;

/** The checks the function cache's config builders share, so that each setting's message reads the same. */
final class Settings {
  private Settings() {}

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
