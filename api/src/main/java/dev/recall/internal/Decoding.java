package dev.recall.internal;

import dev.recall.RecallCodecException;
import dev.recall.codec.Codec;

/**
 * Decodes stored bytes with a codec and, when it cannot, says where they were: every feature's decode failure is a
 * {@link RecallCodecException} naming the map and field or the queue, the expected type and a preview of the bytes,
 * whatever the codec threw (a user's codec may throw anything, or return null).
 */
final class Decoding {
  private Decoding() {}

  /**
   * Decodes {@code raw}; {@code where} names its place, such as {@code map 'prices' field 'apple'}.
   *
   * @throws RecallCodecException when the codec fails or returns null
   */
  static <T> T decode(Codec<T> codec, byte[] raw, String where) {
    T value;
    try {
      value = codec.decode(raw);
    } catch (RuntimeException e) {
      String reason = e instanceof RecallCodecException ? e.getMessage() : "the codec threw " + e;
      throw new RecallCodecException("cannot read the value in " + where + " as " + codec.typeName() + " ("
          + ValuePreview.of(raw) + "): " + reason + "; it was written by something else, or with another type",
          codec.typeName(), e);
    }
    if (value == null) {
      throw new RecallCodecException("cannot read the value in " + where + " as " + codec.typeName() + " ("
          + ValuePreview.of(raw) + "): the codec returned null", codec.typeName(), null);
    }
    return value;
  }
}
