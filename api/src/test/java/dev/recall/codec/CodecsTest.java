package dev.recall.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.recall.RecallCodecException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodecsTest {
  record Order(long id, String customer, List<String> items, Instant placed, Optional<String> note) {}

  /** A type Jackson cannot serialize: its only property getter throws. */
  static final class Exploding {
    public String getValue() {
      throw new IllegalStateException("no value");
    }
  }

  @Test
  void json_roundTripsRecordsWithTimeAndOptional() {
    Codec<Order> codec = Codecs.json(Order.class);
    Order order = new Order(7, "ada", List.of("tea", "cake"), Instant.parse("2026-01-02T03:04:05Z"),
        Optional.of("fast"));
    byte[] bytes = codec.encode(order);
    assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"placed\":\"2026-01-02T03:04:05Z\"");
    assertThat(codec.decode(bytes)).isEqualTo(order);
  }

  @Test
  void json_roundTripsGenericTypes() {
    Codec<Map<String, List<Long>>> codec = Codecs.json(new TypeReference<Map<String, List<Long>>>() {});
    Map<String, List<Long>> value = Map.of("a", List.of(1L, 2L));
    assertThat(codec.decode(codec.encode(value))).isEqualTo(value);
    assertThat(codec.typeName()).contains("java.util.Map").contains("java.lang.Long");
  }

  @Test
  void json_decodeFailure_isACodecException_namingTheType() {
    Codec<Order> codec = Codecs.json(Order.class);
    assertThatThrownBy(() -> codec.decode("{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RecallCodecException.class)
        .hasMessageContaining(Order.class.getName())
        .satisfies(e -> assertThat(((RecallCodecException) e).type()).contains("Order"));
    assertThatThrownBy(() -> Codecs.json(Long.class).decode("\"abc\"".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RecallCodecException.class)
        .hasMessageContaining("java.lang.Long");
  }

  @Test
  void json_encodeFailure_isACodecException_namingTheType() {
    assertThatThrownBy(() -> Codecs.json(Exploding.class).encode(new Exploding()))
        .isInstanceOf(RecallCodecException.class)
        .hasMessageContaining(Exploding.class.getName());
  }

  @Test
  void json_neverReadsTypeInformationFromTheData() {
    String hostile = "[\"java.net.URL\",\"http://127.0.0.1/\"]";
    Object decoded = Codecs.json(Object.class).decode(hostile.getBytes(StandardCharsets.UTF_8));
    assertThat(decoded).isEqualTo(List.of("java.net.URL", "http://127.0.0.1/"));
    String tagged = "{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"true\"]}";
    assertThat(Codecs.json(Object.class).decode(tagged.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Map.class);
  }

  @Test
  void string_rejectsBytesThatAreNotUtf8() {
    assertThat(Codecs.string().decode(Codecs.string().encode("héllo"))).isEqualTo("héllo");
    assertThatThrownBy(() -> Codecs.string().decode(new byte[] {(byte) 0xc3, 0x28}))
        .isInstanceOf(RecallCodecException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void bytes_isTheIdentity() {
    byte[] value = {1, 2, 3};
    assertThat(Codecs.bytes().decode(Codecs.bytes().encode(value))).isSameAs(value);
  }
}
