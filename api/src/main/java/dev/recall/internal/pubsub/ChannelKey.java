package dev.recall.internal.pubsub;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A channel name as a map key: equal when the bytes are. The array is never changed. */
record ChannelKey(byte[] bytes) {

  /** Copies the name, so the caller may reuse its array. */
  static ChannelKey copyOf(byte[] name) {
    return new ChannelKey(name.clone());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChannelKey that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The name as text for messages, shortened to 100 characters. */
  @Override
  public String toString() {
    String text = new String(bytes, StandardCharsets.UTF_8);
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }
}
