package dev.recall.internal.function;

import dev.recall.codec.Codec;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The stored form of a result: one tag byte, then the codec's bytes. A cached {@code null} is the tag alone, so it
 * is a real value, never confused with a miss (a missing field).
 */
final class Envelope {
  private static final byte VALUE = 'v';
  private static final byte NULL = 'n';
  private static final byte[] NULL_BYTES = {NULL};

  private Envelope() {}

  static <R> byte[] encode(@Nullable R value, Codec<R> codec) {
    if (value == null) {
      return NULL_BYTES;
    }
    byte[] body = codec.encode(value);
    byte[] out = new byte[body.length + 1];
    out[0] = VALUE;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }

  static <R> @Nullable R decode(byte[] stored, Codec<R> codec) {
    if (stored.length == 1 && stored[0] == NULL) {
      return null;
    }
    if (stored.length == 0 || stored[0] != VALUE) {
      throw new dev.recall.RecallCodecException(
          "a cached result is not in Recall's envelope (" + stored.length + " bytes); was the key written by"
              + " something else?", codec.typeName(), null);
    }
    return codec.decode(Arrays.copyOfRange(stored, 1, stored.length));
  }
}
