package dev.recall.codec;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.recall.RecallCodecException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The codecs Recall ships: JSON through Jackson (the default, always given the target type, never reading type
 * information from the data), UTF-8 strings and raw bytes. Java native serialization is deliberately absent.
 */
public final class Codecs {
  private static final ObjectMapper DEFAULT_MAPPER = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  private static final Codec<String> STRING = new Codec<>() {
    @Override
    public byte[] encode(String value) {
      return Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
      return decode(bytes, 0, bytes.length);
    }

    @Override
    public String decode(byte[] bytes, int offset, int length) {
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes, offset, length))
            .toString();
      } catch (CharacterCodingException e) {
        throw new RecallCodecException(
            "cannot decode " + length + " bytes as a UTF-8 String: " + e, "java.lang.String", e);
      }
    }

    @Override
    public String typeName() {
      return "java.lang.String";
    }
  };

  private static final Codec<byte[]> BYTES = new Codec<>() {
    @Override
    public byte[] encode(byte[] value) {
      return Objects.requireNonNull(value, "value");
    }

    @Override
    public byte[] decode(byte[] bytes) {
      return bytes;
    }

    @Override
    public String typeName() {
      return "byte[]";
    }
  };

  private Codecs() {}

  /** {@return the shared, preconfigured Jackson mapper (Java time and {@code Optional} support, no default typing)} */
  public static ObjectMapper defaultMapper() {
    return DEFAULT_MAPPER;
  }

  /**
   * {@return a JSON codec for a class, using the default mapper}
   *
   * @param <T> the type of values
   * @param type the class values are written from and read back as
   */
  public static <T> Codec<T> json(Class<T> type) {
    return new JsonCodec<>(DEFAULT_MAPPER, type);
  }

  /**
   * {@return a JSON codec for a generic type, using the default mapper}
   *
   * @param <T> the type of values
   * @param type the full type, such as {@code new TypeReference<List<Long>>() {}}
   */
  public static <T> Codec<T> json(TypeReference<T> type) {
    return new JsonCodec<>(DEFAULT_MAPPER, type.getType());
  }

  /**
   * {@return a JSON codec for a reflected type, using the default mapper}
   *
   * @param <T> the type of values; not checked against {@code type}
   * @param type the type values are written from and read back as, such as a method's generic return type
   */
  public static <T> Codec<T> json(Type type) {
    return new JsonCodec<>(DEFAULT_MAPPER, type);
  }

  /**
   * {@return a JSON codec for a type, using the caller's mapper}
   *
   * @param <T> the type of values; not checked against {@code type}
   * @param mapper the mapper that reads and writes the JSON; it should not enable default typing
   * @param type the type values are written from and read back as
   */
  public static <T> Codec<T> json(ObjectMapper mapper, Type type) {
    return new JsonCodec<>(mapper, type);
  }

  /** {@return the UTF-8 string codec} Decoding bytes that are not valid UTF-8 fails rather than guessing. */
  public static Codec<String> string() {
    return STRING;
  }

  /** {@return the identity codec for raw bytes} It neither copies nor changes them. */
  public static Codec<byte[]> bytes() {
    return BYTES;
  }
}
