package dev.recall.internal.function;

import dev.recall.RecallCodecException;
import dev.recall.codec.Codec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * The stored form of a result: one tag byte, then the codec's bytes. A cached {@code null} is the tag alone, so it
 * is a real value, never confused with a miss (a missing field). The codec writes behind the tag and reads from
 * behind it in place, so neither direction copies the value once more for the tag.
 */
final class Envelope {
  private static final byte VALUE = 'v';
  private static final byte NULL = 'n';
  private static final byte[] NULL_BYTES = {NULL};
  private static final int FIRST_CAPACITY = 128;

  private Envelope() {}

  static <R> byte[] encode(@Nullable R value, Codec<R> codec) {
    if (value == null) {
      return NULL_BYTES;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(FIRST_CAPACITY);
    out.write(VALUE);
    try {
      codec.encodeTo(value, out);
    } catch (IOException e) {
      // A ByteArrayOutputStream never throws; a codec that does anyway broke its contract.
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static <R> @Nullable R decode(byte[] stored, Codec<R> codec) {
    if (stored.length == 1 && stored[0] == NULL) {
      return null;
    }
    if (stored.length == 0 || stored[0] != VALUE) {
      throw new RecallCodecException(
          "a cached result is not in Recall's envelope (" + stored.length + " bytes); was the key written by"
              + " something else?", codec.typeName(), null);
    }
    return codec.decode(stored, 1, stored.length - 1);
  }
}
