package dev.recall.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bytes as a map key (a channel name, an entry's field): equal when the bytes are. The array must not change while
 * the key is in use.
 */
public record ByteKey(byte[] bytes) {

  /** Copies the bytes, so the caller may reuse its array. */
  public static ByteKey copyOf(byte[] name) {
    return new ByteKey(name.clone());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ByteKey that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The bytes as text for messages, shortened to 100 characters. */
  @Override
  public String toString() {
    String text = new String(bytes, StandardCharsets.UTF_8);
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }
}
