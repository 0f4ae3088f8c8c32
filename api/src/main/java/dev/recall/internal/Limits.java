package dev.recall.internal;

import java.nio.charset.StandardCharsets;

/**
 * The size limits every feature checks before writing: a Redis key (prefix included), a hash field name, a queue or
 * tracked name are at most {@value #MAX_KEY_BYTES} bytes of UTF-8, far below Redis's 512 MB but far above any sane
 * key (long keys cost memory and time on every command); a value is at most Redis's own
 * {@value #MAX_VALUE_BYTES}-byte limit for a string, which the server would otherwise refuse after the upload.
 * {@code dev.recall.function.Settings} repeats the key limit for {@code FunctionSpec}, which may not depend on this
 * package; {@code SettingsTest} keeps the two equal.
 */
public final class Limits {
  /** The longest key, field name or feature name, in bytes of UTF-8: 64 KiB. */
  public static final int MAX_KEY_BYTES = 64 * 1024;

  /** The largest value, in bytes: Redis's {@code proto-max-bulk-len} default, 512 MB. */
  public static final long MAX_VALUE_BYTES = 512L * 1024 * 1024;

  private Limits() {}

  /**
   * Checks a key's length.
   *
   * @throws IllegalArgumentException naming {@code what}, the size and the limit, with the key's beginning
   */
  public static byte[] key(String what, byte[] key) {
    if (key.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(what + " is " + key.length + " bytes, over Recall's limit of "
          + MAX_KEY_BYTES + " bytes for a key: '" + new String(key, 0, 40, StandardCharsets.UTF_8) + "...'");
    }
    return key;
  }

  /**
   * Checks a name that becomes (part of) a key.
   *
   * @throws IllegalArgumentException naming {@code what}, the size and the limit
   */
  public static String name(String what, String name) {
    key(what, name.getBytes(StandardCharsets.UTF_8));
    return name;
  }

  /**
   * Checks a value's size.
   *
   * @throws IllegalArgumentException naming {@code what}, the size and the limit
   */
  public static byte[] value(String what, byte[] value) {
    if (value.length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException(what + " is " + value.length + " bytes, over Redis's limit of "
          + MAX_VALUE_BYTES + " bytes for a value");
    }
    return value;
  }
}
