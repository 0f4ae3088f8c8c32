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
 *
 * <p>A cache that refreshes ahead or serves stale values has its store script put a stamp before the envelope,
 * {@code t<write time>:<stale time or empty>:}, in ms of the server's clock; the read script judges it, and
 * decoding skips it, so stamped and plain entries (from processes configured differently) both read.
 */
final class Envelope {
  private static final byte VALUE = 'v';
  private static final byte NULL = 'n';
  private static final byte STAMP = 't';
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
    int start = stored.length > 0 && stored[0] == STAMP ? afterStamp(stored) : 0;
    int length = stored.length - start;
    if (length == 1 && stored[start] == NULL) {
      return null;
    }
    if (length <= 0 || stored[start] != VALUE) {
      throw new RecallCodecException(
          "a cached result is not in Recall's envelope (" + stored.length + " bytes); was the key written by"
              + " something else?", codec.typeName(), null);
    }
    return codec.decode(stored, start + 1, length - 1);
  }

  /** Where the envelope starts behind a stamp's two colons, or past the end when the stamp is malformed. */
  private static int afterStamp(byte[] stored) {
    int colons = 0;
    for (int i = 1; i < stored.length; i++) {
      byte b = stored[i];
      if (b == ':' && ++colons == 2) {
        return i + 1;
      }
      if (b != ':' && (b < '0' || b > '9')) {
        break;
      }
    }
    return stored.length;
  }
}
