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
   * @param value the value to encode
   * @return the bytes to store, which {@link #decode(byte[])} turns back into the value
   * @throws RecallCodecException naming the type when the value cannot be encoded
   */
  byte[] encode(T value);

  /**
   * Decodes bytes written by {@link #encode}.
   *
   * @param bytes the encoded value, as read from Redis
   * @return the value the bytes encode
   * @throws RecallCodecException naming the type when the bytes are not a valid value
   */
  T decode(byte[] bytes);

  /**
   * Decodes the {@code length} bytes of {@code bytes} that start at {@code offset}, as {@link #decode(byte[])} would
   * decode a copy of them. The default makes that copy; codecs that read a slice in place override it.
   *
   * @param bytes the array that holds the encoded value
   * @param offset the index of the slice's first byte
   * @param length the number of bytes in the slice
   * @return the value the slice encodes
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
   * @param value the value to encode
   * @param out the stream the encoded bytes are written to
   * @throws RecallCodecException naming the type when the value cannot be encoded
   * @throws IOException when the stream fails
   */
  default void encodeTo(T value, OutputStream out) throws IOException {
    out.write(encode(value));
  }

  /** {@return the name of the type this codec handles, such as {@code java.lang.String}, for messages} */
  String typeName();
}
