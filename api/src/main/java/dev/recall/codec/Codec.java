package dev.recall.codec;

import dev.recall.RecallCodecException;

/**
 * Turns values of one type into bytes for Redis and back. Implementations are immutable and thread-safe.
 *
 * @param <T> the value type
 */
public interface Codec<T> {

  /**
   * Encodes a value.
   *
   * @throws RecallCodecException naming the type when the value cannot be encoded
   */
  byte[] encode(T value);

  /**
   * Decodes bytes written by {@link #encode}.
   *
   * @throws RecallCodecException naming the type when the bytes are not a valid value
   */
  T decode(byte[] bytes);

  /** Returns the name of the type this codec handles, for messages. */
  String typeName();
}
