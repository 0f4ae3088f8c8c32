package dev.recall.internal.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.function.UnsupportedArgumentException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Canonical argument encoding: equal arguments give equal keys, look-alikes never collide, bad ones fail early. */
class KeyEncodingTest {
  record Point(int x, int y) { }

  record Named(String name, List<Integer> values) { }

  enum Color { RED, GREEN }

  private static String key(Object... args) {
    ArgumentEncoder encoder = new ArgumentEncoder();
    encoder.encodeArguments("f", args, new boolean[0]);
    long[] out = new long[2];
    Murmur3.hash128(encoder.buffer(), encoder.length(), 0, out);
    return Long.toHexString(out[0]) + Long.toHexString(out[1]);
  }

  @Test
  void lookAlikes_doNotCollide() {
    assertThat(key(1)).isNotEqualTo(key("1"));
    assertThat(key(1)).isNotEqualTo(key(1L));
    assertThat(key(List.of(1, 2))).isNotEqualTo(key("1,2"));
    assertThat(key(List.of(1, 2))).isNotEqualTo(key("[1, 2]"));
    assertThat(key((Object) null)).isNotEqualTo(key("null"));
    assertThat(key("a", "bc")).isNotEqualTo(key("ab", "c"));
    assertThat(key(List.of("a", "b"))).isNotEqualTo(key("a", "b"));
    assertThat(key(new int[] {1, 2})).isNotEqualTo(key(List.of(1, 2)));
    assertThat(key(Color.RED)).isNotEqualTo(key("RED"));
    assertThat(key(new Point(1, 2))).isNotEqualTo(key(List.of(1, 2)));
    assertThat(key(Optional.empty())).isNotEqualTo(key((Object) null));
    assertThat(key(new BigDecimal("1.0"))).isNotEqualTo(key(new BigDecimal("1.00")));
    assertThat(key()).isNotEqualTo(key((Object) null));
  }

  @Test
  void equalArguments_giveEqualKeys_whateverTheImplementationOrIterationOrder() {
    assertThat(key(new ArrayList<>(List.of(1, 2)))).isEqualTo(key(List.of(1, 2)));
    Map<String, Integer> hash = new HashMap<>();
    Map<String, Integer> linked = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      hash.put("k" + i, i);
    }
    for (int i = 49; i >= 0; i--) {
      linked.put("k" + i, i);
    }
    assertThat(key(hash)).isEqualTo(key(linked)).isEqualTo(key(new TreeMap<>(hash)));
    Set<String> forward = new LinkedHashSet<>(List.of("x", "y", "z"));
    Set<String> backward = new LinkedHashSet<>(List.of("z", "y", "x"));
    assertThat(key(forward)).isEqualTo(key(backward)).isNotEqualTo(key(List.of("x", "y", "z")));
    assertThat(key(new Named("a", List.of(1)))).isEqualTo(key(new Named("a", List.of(1))));
    UUID id = UUID.randomUUID();
    assertThat(key(id, LocalDate.of(2024, 1, 2))).isEqualTo(key(UUID.fromString(id.toString()), LocalDate.of(2024, 1, 2)));
    assertThat(key(new byte[] {1, 2}, new long[] {3})).isEqualTo(key(new byte[] {1, 2}, new long[] {3}));
    assertThat(key(Map.of("a", 1))).isNotEqualTo(key(Map.of("a", 2)));
  }

  @Test
  void ignoredArguments_areLeftOutOfTheKey() {
    ArgumentEncoder encoder = new ArgumentEncoder();
    encoder.encodeArguments("f", new Object[] {1, "conn-a"}, new boolean[] {false, true});
    byte[] first = java.util.Arrays.copyOf(encoder.buffer(), encoder.length());
    encoder.encodeArguments("f", new Object[] {1, new Object()}, new boolean[] {false, true});
    byte[] second = java.util.Arrays.copyOf(encoder.buffer(), encoder.length());
    assertThat(first).isEqualTo(second);
  }

  @Test
  void unsupportedType_namesTheArgumentIndexAndType() {
    assertThatThrownBy(() -> key("ok", new StringBuilder("x")))
        .isInstanceOf(UnsupportedArgumentException.class)
        .hasMessageContaining("argument 1 of 'f'")
        .hasMessageContaining("java.lang.StringBuilder")
        .satisfies(e -> assertThat(((UnsupportedArgumentException) e).index()).isEqualTo(1));
  }

  @Test
  void cyclicStructure_isRejected_andTheEncoderStaysUsable() {
    List<Object> cycle = new ArrayList<>();
    cycle.add(1);
    cycle.add(cycle);
    assertThatThrownBy(() -> key(0, cycle))
        .isInstanceOf(UnsupportedArgumentException.class)
        .hasMessageContaining("argument 1")
        .hasMessageContaining("cycle");
    // The same object twice side by side is not a cycle.
    List<Integer> shared = List.of(1);
    assertThat(key(List.of(shared, shared))).isEqualTo(key(List.of(List.of(1), List.of(1))));
  }

  @Test
  void functionId_isSixteenHexDigits_stableAcrossRuns() {
    assertThat(new String(Memoizer.functionId("fib"), StandardCharsets.US_ASCII))
        .hasSize(16).isEqualTo(new String(Memoizer.functionId("fib"), StandardCharsets.US_ASCII))
        .isNotEqualTo(new String(Memoizer.functionId("fib2"), StandardCharsets.US_ASCII));
  }
}
