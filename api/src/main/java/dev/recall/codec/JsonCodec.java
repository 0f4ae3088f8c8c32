package dev.recall.codec;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.recall.RecallCodecException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.Objects;

/** A JSON codec bound to one target type; the type always comes from the code, never from the data. */
final class JsonCodec<T> implements Codec<T> {
  private final ObjectReader reader;
  private final ObjectWriter writer;
  private final JavaType type;

  JsonCodec(ObjectMapper mapper, Type type) {
    Objects.requireNonNull(mapper, "mapper");
    this.type = mapper.getTypeFactory().constructType(Objects.requireNonNull(type, "type"));
    this.reader = mapper.readerFor(this.type);
    this.writer = mapper.writerFor(this.type);
  }

  @Override
  public byte[] encode(T value) {
    try {
      return writer.writeValueAsBytes(value);
    } catch (IOException | RuntimeException e) {
      throw new RecallCodecException(
          "cannot encode a value of " + describe(value) + " as JSON for " + typeName() + ": " + e.getMessage(),
          typeName(), e);
    }
  }

  @Override
  public void encodeTo(T value, OutputStream out) {
    try {
      writer.writeValue(out, value);
    } catch (IOException | RuntimeException e) {
      throw new RecallCodecException(
          "cannot encode a value of " + describe(value) + " as JSON for " + typeName() + ": " + e.getMessage(),
          typeName(), e);
    }
  }

  @Override
  public T decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  @Override
  public T decode(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    try {
      return reader.readValue(bytes, offset, length);
    } catch (IOException | RuntimeException e) {
      throw new RecallCodecException(
          "cannot decode " + length + " bytes of JSON as " + typeName() + ": " + e.getMessage(), typeName(), e);
    }
  }

  @Override
  public String typeName() {
    return type.toCanonical();
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getName();
  }

  @Override
  public String toString() {
    return "JsonCodec[" + typeName() + "]";
  }
}
