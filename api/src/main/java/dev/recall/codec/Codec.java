package dev.recall.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

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

  /**
   * Decodes the {@code length} bytes of {@code bytes} that start at {@code offset}, as {@link #decode(byte[])} would
   * decode a copy of them. The default makes that copy; codecs that read a slice in place override it.
   *
   * @throws RecallCodecException naming the type when the bytes are not a valid value
   * @throws IndexOutOfBoundsException when the slice is not inside {@code bytes}
   */
  default T decode(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return decode(offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + length));
  }

  /**
   * Writes the encoded value to a stream, the same bytes as {@link #encode(Object)}. The default writes the array
   * {@code encode} returns; codecs that write straight to a stream override it, which saves a copy.
   *
   * @throws RecallCodecException naming the type when the value cannot be encoded
   * @throws IOException when the stream fails
   */
  default void encodeTo(T value, OutputStream out) throws IOException {
    out.write(encode(value));
  }

  /** Returns the name of the type this codec handles, for messages. */
  String typeName();
}
