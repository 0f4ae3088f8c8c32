package dev.recall.internal.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keys are persistent: a field written by one version must be found by the next, so the encoding of typical tuples
 * is pinned here to fields computed once. A faster encoder must produce exactly these.
 */
class KeyGoldenTest {
  record Query(long tenant, String region, int page, boolean active, double minScore) {}

  private static String field(Object... args) {
    return new String(new KeyHasher("golden", new boolean[0]).field(args), StandardCharsets.US_ASCII);
  }

  static List<Long> longs() {
    List<Long> longs = new ArrayList<>();
    for (long i = 0; i < 100; i++) {
      longs.add(1_000_000_007L * i - 50);
    }
    return longs;
  }

  static Map<String, Object[]> tuples() {
    return Map.of(
        "int", new Object[] {123_456},
        "strings", new Object[] {"customer-0000000042x", "région-eu-west-1-abc"},
        "record", new Object[] {new Query(-42L, "eu-west-1", 3, true, 0.75)},
        "longs", new Object[] {longs()},
        "mixed", new Object[] {List.of(1, 2L, "3", 4.0, 'c', (short) 6, (byte) 7, 8f), Set.of(-1L, 2L), null,
            new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}, new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE}});
  }

  @Test
  void typicalTuples_keepTheirFields() {
    Map<String, Object[]> tuples = tuples();
    assertThat(field(tuples.get("int"))).isEqualTo("e3b095f6afb9cc3eb1c96540c9ebe3266934b512fef93f5c");
    assertThat(field(tuples.get("strings"))).isEqualTo("e3b095f6afb9cc3e6b6e919c5bf98c4865995f43499ee77b");
    assertThat(field(tuples.get("record"))).isEqualTo("e3b095f6afb9cc3e034503762e0bead9855071dee777eb04");
    assertThat(field(tuples.get("longs"))).isEqualTo("e3b095f6afb9cc3e4da4765d8fc24eb18b8c6a3cbf55d6e9");
    assertThat(field(tuples.get("mixed"))).isEqualTo("e3b095f6afb9cc3ef852efd190114a6115fbc2236ee05250");
  }

  /**
   * Lists that grow the encoder's buffer, at the start or inside a nested list, and lists that are not random
   * access, keep their fields too (pinned before the list fast path was written).
   */
  @Test
  void largeNestedAndLinkedLists_keepTheirFields() {
    List<Long> big = new ArrayList<>();
    for (long i = 0; i < 10_000; i++) {
      big.add(i * 7919 - 1234);
    }
    List<Long> nested = new ArrayList<>();
    for (long i = 0; i < 1_000; i++) {
      nested.add(-i);
    }
    List<Object> mixed = new ArrayList<>(Arrays.asList(1L, null, List.of(2L, 3L), 4, "5", 6L));
    List<Object> outer = new ArrayList<>(List.of(1L, nested, 2L));

    assertThat(fresh(big)).isEqualTo("e3b095f6afb9cc3e7f0093cef8c79526839194e265bf4451");
    assertThat(fresh(mixed)).isEqualTo("e3b095f6afb9cc3e01323d8133c6940cb4f38436c17d2560");
    assertThat(fresh(outer, new LinkedList<>(nested))).isEqualTo("e3b095f6afb9cc3edf32e15ff2b581a975e18ab9de2198eb");
    assertThat(fresh(new LinkedList<>(longs()))).isEqualTo("e3b095f6afb9cc3e4da4765d8fc24eb18b8c6a3cbf55d6e9");
  }

  /** The field from a new encoder, whose small first buffer these lists must grow. */
  private static String fresh(Object... args) {
    return KeyHasherTest.reference("golden", args);
  }
}
