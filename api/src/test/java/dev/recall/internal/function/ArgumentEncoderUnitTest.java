package dev.recall.internal.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.recall.contract.Await;
import dev.recall.function.UnsupportedArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.constant.ModuleDesc;
import java.lang.ref.WeakReference;
import java.lang.reflect.Constructor;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The canonical argument encoding, byte for byte, against {@link EncodingSpec}: every supported type, the order of
 * sets and maps, ignored arguments, the growth of the encoder's buffer at every offset, and the arguments it
 * refuses. No Redis: these are the tests the {@code mutation} profile runs.
 */
class ArgumentEncoderUnitTest {
  record Point(int x, int y) {}

  record Labelled(String label, @Nullable Object value) {}

  record Empty() {}

  /** A record whose accessor fails: the encoder must not turn the failure into a key. */
  record Faulty(int x) {
    @Override
    public int x() {
      throw new IllegalStateException("accessor failed");
    }
  }

  enum Shade {
    LIGHT,
    /** A constant with a body is an anonymous subclass; the key names the enum, not that subclass. */
    DARK {
      @Override
      public String toString() {
        return "dark";
      }
    }
  }

  private static byte[] encode(@Nullable Object... args) {
    return encode(new ArgumentEncoder(), args, new boolean[0]);
  }

  private static byte[] encode(ArgumentEncoder encoder, @Nullable Object[] args, boolean[] ignored) {
    encoder.encodeArguments("f", args, ignored);
    return Arrays.copyOf(encoder.buffer(), encoder.length());
  }

  static Stream<Arguments> values() {
    Map<Object, Object> nested = new HashMap<>();
    nested.put("list", List.of(1, List.of(2L, "three"), Set.of()));
    nested.put(4, null);
    return Stream.of(
            null, "", "plain", "é€𝄞 non-Latin-1", Integer.MIN_VALUE, -1, 0, 258, Integer.MAX_VALUE,
            Long.MIN_VALUE, -1L, 0x0102030405060708L, Boolean.TRUE, Boolean.FALSE, -0.0d, 1.5d, Double.NaN,
            Double.NEGATIVE_INFINITY, -0.0f, 2.25f, Float.NaN, (short) -2, Short.MAX_VALUE, (byte) -128, (byte) 127,
            'x', '€', Shade.LIGHT, Shade.DARK, new UUID(0x1122334455667788L, -0x1122334455667788L),
            BigInteger.ZERO, BigInteger.valueOf(-129), new BigInteger("123456789012345678901234567890"),
            new BigDecimal("-1.50"), new BigDecimal("1E+3"), new Point(3, -4), new Labelled("n", null),
            new Labelled("nested", new Point(1, 2)), new Empty(), List.of(), List.of(1, 2L, "3"),
            new ArrayList<>(Arrays.asList(null, 5L, 6)), new LinkedList<>(List.of(7L, 8)),
            Set.of("b", "a", "aa"), new HashSet<>(Arrays.asList(3, null, -1)), Map.of(), nested,
            new TreeMap<>(Map.of("k", 1, "kk", 2)), new ArrayDeque<>(List.of("q", 1)), Optional.empty(),
            Optional.of("present"), Optional.of(List.of(1)), new byte[] {}, new byte[] {-1, 0, 1},
            new int[] {Integer.MIN_VALUE, 0, 1}, new long[] {-1L, 2L}, new double[] {-0.0, Double.NaN},
            new char[] {'a', '€'}, new boolean[] {true, false}, new short[] {-1}, new float[] {1.5f},
            new String[] {"x", null}, new Object[] {1, new int[] {2}, List.of(3)}, new Point[] {new Point(0, 0)},
            LocalDate.of(2024, 2, 29), Duration.ofMillis(1500), Instant.ofEpochSecond(1_700_000_000L, 5),
            ZoneId.of("Europe/Paris"),
            URI.create("https://example.org/a?b=c"), Locale.CANADA_FRENCH, Currency.getInstance("EUR"))
        .map(value -> Arguments.of(value == null ? "null" : value.getClass().getName(), value));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void encode_eachSupportedValue_writesTheSpecBytes(String type, @Nullable Object value) {
    assertThat(encode(value)).isEqualTo(EncodingSpec.tuple(value));
  }

  /**
   * Tuples of every size from a fresh encoder, whose 256-byte buffer must grow at whatever offset the next write
   * lands: a write that forgets to make room fails here, or writes past the bytes that count.
   */
  @Test
  void encode_tuplesOfEverySize_onAFreshEncoder_matchTheSpec() {
    List<Object> pool = List.of(7, 7L, "ab", (byte) 1, true, 'c', 1.0d, List.of(1L, 2L), Set.of(1, 2, 3),
        Map.of("k", 1), new int[] {1}, new long[] {2}, new BigDecimal("0.1"), Optional.of(1));
    for (int size = 0; size <= 150; size++) {
      Object[] args = new Object[size];
      for (int i = 0; i < size; i++) {
        args[i] = pool.get((i * 7 + size) % pool.size());
      }
      assertThat(encode(args)).as("%d arguments", size).isEqualTo(EncodingSpec.tuple(args));
      Long[] longs = new Long[size];
      Arrays.fill(longs, -3L);
      assertThat(encode((Object[]) longs)).as("%d longs", size).isEqualTo(EncodingSpec.tuple((Object[]) longs));
      Integer[] ints = new Integer[size];
      Arrays.fill(ints, 9);
      assertThat(encode((Object[]) ints)).as("%d ints", size).isEqualTo(EncodingSpec.tuple((Object[]) ints));
    }
  }

  /** Large values grow the buffer in one step each; their bytes must all land. */
  @Test
  void encode_valuesLargerThanTheBuffer_matchTheSpec() {
    String text = "€".repeat(700);
    byte[] blob = new byte[1000];
    Arrays.fill(blob, (byte) 0x7f);
    Set<Integer> set = new HashSet<>();
    Map<Long, String> map = new HashMap<>();
    List<Object> mixedList = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      set.add(i * 31);
      map.put((long) i, "v" + i);
      mixedList.add(i % 3 == 0 ? (Object) (long) i : "s" + i);
    }
    for (Object value : List.of(text, blob, new BigInteger(1, blob), new BigDecimal(new BigInteger(1, blob), 3),
        set, map, mixedList, new ArrayDeque<>(mixedList), new LinkedList<>(mixedList), Optional.of(text),
        new Point[300], new double[300], new char[300], new int[300], new long[300])) {
      assertThat(encode(value)).as(value.getClass().getName()).isEqualTo(EncodingSpec.tuple(value));
      assertThat(encode(1, value, 2)).as("between two ints: %s", value.getClass().getName())
          .isEqualTo(EncodingSpec.tuple(1, value, 2));
    }
  }

  /** Sets are ordered by the bytes of each element's encoding, so a string's length sorts before its letters. */
  @Test
  void encode_set_ordersElementsByTheirEncodings() {
    byte[] expected = concat(new byte[] {0, 0, 0, 1, 'H', 0, 0, 0, 3}, EncodingSpec.value("a"),
        EncodingSpec.value("b"), EncodingSpec.value("aa"));
    assertThat(encode(Set.of("aa", "b", "a"))).isEqualTo(expected);
  }

  /** Map entries are ordered by their keys' encodings, shorter first: a 7-byte string key before a 9-byte long. */
  @Test
  void encode_map_ordersEntriesByTheirKeysEncodings_shorterFirst() {
    Map<Object, Object> map = new HashMap<>();
    map.put(1L, "long");
    map.put("k", "string");
    map.put("", "empty");
    byte[] expected = concat(new byte[] {0, 0, 0, 1, 'M', 0, 0, 0, 3}, EncodingSpec.value(""),
        EncodingSpec.value("empty"), EncodingSpec.value("k"), EncodingSpec.value("string"), EncodingSpec.value(1L),
        EncodingSpec.value("long"));
    assertThat(encode(map)).isEqualTo(expected);
  }

  /** The entry sort carries each key's length in four bytes; keys past 255 and 65,535 bytes use the upper ones. */
  @Test
  void encode_mapWithKeysLongerThan64KiB_keepsEveryEntryWhole() {
    Map<String, Integer> map = new HashMap<>();
    map.put("k".repeat(40_000), 1);
    map.put("m".repeat(200), 2);
    map.put("a", 3);
    assertThat(encode(map)).isEqualTo(EncodingSpec.tuple(map));
  }

  @Test
  void encodeArguments_ignoredFlags_dropThoseArguments_andTheCountSaysHowManyAreKept() {
    Object[] args = {"request-id", 1, 2L};
    assertThat(encode(new ArgumentEncoder(), args, new boolean[] {true, false, false}))
        .isEqualTo(EncodingSpec.tuple(1, 2L))
        .startsWith(0, 0, 0, 2);
    // Flags shorter than the arguments: the rest are kept.
    assertThat(encode(new ArgumentEncoder(), args, new boolean[] {false, true}))
        .isEqualTo(EncodingSpec.tuple("request-id", 2L));
    assertThat(encode(new ArgumentEncoder(), args, new boolean[] {true, true, true, true}))
        .isEqualTo(new byte[] {0, 0, 0, 0});
  }

  /** One encoder serves every call of a thread: each call starts from an empty buffer and a depth of zero. */
  @Test
  void encodeArguments_reusedEncoder_startsEachCallAfresh() {
    ArgumentEncoder encoder = new ArgumentEncoder();
    Object[] large = {"x".repeat(1_000), List.of(List.of(List.of(1)))};
    assertThat(encode(encoder, large, new boolean[0])).isEqualTo(EncodingSpec.tuple(large));
    assertThat(encode(encoder, new Object[] {5}, new boolean[0])).isEqualTo(EncodingSpec.tuple(5));
    assertThatThrownBy(() -> encode(encoder, new Object[] {List.of(List.of(new Object()))}, new boolean[0]))
        .isInstanceOf(UnsupportedArgumentException.class);
    assertThat(encode(encoder, large, new boolean[0])).isEqualTo(EncodingSpec.tuple(large));
  }

  @Test
  void encode_unsupportedValueInsideContainers_namesTheFunctionTheTopLevelArgumentAndTheType() {
    ArgumentEncoder encoder = new ArgumentEncoder();
    Object bad = new StringBuilder("x");
    for (Object container : List.of(List.of(1, bad), Set.of(bad), Map.of("k", bad), Map.of(bad, "v"),
        Optional.of(bad), new Object[] {bad}, new Labelled("l", bad), new ArrayDeque<>(List.of(bad)))) {
      assertThatThrownBy(() -> encoder.encodeArguments("lookup", new Object[] {0, "x", container}, new boolean[0]))
          .as(container.getClass().getName())
          .isInstanceOfSatisfying(UnsupportedArgumentException.class, e -> {
            assertThat(e.index()).isEqualTo(2);
            assertThat(e.getMessage()).contains("'lookup'", "java.lang.StringBuilder", "no canonical encoding");
          });
    }
  }

  /** The guard against runaway nesting allows 128 levels of containers and refuses the 129th. */
  @Test
  void encode_nestingOf128Containers_isEncoded_and129_isRefused() {
    assertThat(encode(nested(128))).isEqualTo(EncodingSpec.tuple(nested(128)));
    assertThatThrownBy(() -> encode(0, nested(129)))
        .isInstanceOfSatisfying(UnsupportedArgumentException.class, e -> {
          assertThat(e.index()).isEqualTo(1);
          assertThat(e.getMessage()).contains("deeper than 128 levels");
        });
  }

  /**
   * Siblings are not nesting: each container leaves the path when it is written, so a list of more containers
   * than the 128 levels the guard allows encodes, whatever their kind; a primitive array, which holds no
   * references, never enters the path.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("containerKinds")
  void encode_moreSiblingContainersThanTheNestingLimit_isNotMistakenForDeepNesting(
      String kind, IntFunction<Object> container) {
    List<Object> siblings = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      siblings.add(container.apply(i));
    }
    assertThat(encode(siblings)).isEqualTo(EncodingSpec.tuple(siblings));
    Object[] array = siblings.toArray();
    assertThat(encode(1, array)).isEqualTo(EncodingSpec.tuple(1, array));
  }

  static Stream<Arguments> containerKinds() {
    return Stream.of(
        Arguments.of("list", (IntFunction<Object>) List::of),
        Arguments.of("linked list", (IntFunction<Object>) i -> new LinkedList<>(List.of(i))),
        Arguments.of("set", (IntFunction<Object>) Set::of),
        Arguments.of("map", (IntFunction<Object>) i -> Map.of(i, i)),
        Arguments.of("other collection", (IntFunction<Object>) i -> new ArrayDeque<>(List.of(i))),
        Arguments.of("optional", (IntFunction<Object>) Optional::of),
        Arguments.of("record", (IntFunction<Object>) i -> new Point(i, i)),
        Arguments.of("object array", (IntFunction<Object>) i -> new Object[] {i}),
        Arguments.of("int array", (IntFunction<Object>) i -> new int[] {i}),
        Arguments.of("boolean array", (IntFunction<Object>) i -> new boolean[] {i % 2 == 0}));
  }

  @Test
  void encode_containerThatHoldsItself_isRefusedAsACycle_whateverItsKind() {
    List<Object> list = new ArrayList<>();
    list.add(list);
    Object[] array = new Object[1];
    array[0] = array;
    Map<String, Object> map = new HashMap<>();
    map.put("self", List.of(0, map));
    for (Object cyclic : List.of(list, array, map)) {
      assertThatThrownBy(() -> encode(cyclic))
          .as(cyclic.getClass().getName())
          .isInstanceOf(UnsupportedArgumentException.class)
          .hasMessageContaining("cycle");
    }
  }

  /**
   * The encoder lives as long as its thread, so a refused argument must not stay reachable through the path it
   * keeps for cycle detection.
   */
  @Test
  void encode_refusedArgument_isNotKeptReachableByTheEncoder() throws InterruptedException {
    ArgumentEncoder encoder = new ArgumentEncoder();
    WeakReference<Object> refused = refuseNewArgument(encoder);
    Await.until(Duration.ofSeconds(10), () -> {
      System.gc();
      return refused.get() == null;
    }, () -> "the refused argument to be collected");
  }

  /** Nor does an argument whose encoding failed with an exception of its own (an accessor that throws). */
  @Test
  void encode_argumentWhoseAccessorThrows_isNotKeptReachableByTheEncoder() throws InterruptedException {
    ArgumentEncoder encoder = new ArgumentEncoder();
    WeakReference<Object> failed = failNewArgument(encoder);
    Await.until(Duration.ofSeconds(10), () -> {
      System.gc();
      return failed.get() == null;
    }, () -> "the argument whose encoding failed to be collected");
  }

  private static WeakReference<Object> failNewArgument(ArgumentEncoder encoder) {
    List<Object> outer = new ArrayList<>(List.of(new Faulty(1)));
    assertThatThrownBy(() -> encoder.encodeArguments("f", new Object[] {outer}, new boolean[0]))
        .isInstanceOf(IllegalStateException.class);
    return new WeakReference<>(outer);
  }

  private static WeakReference<Object> refuseNewArgument(ArgumentEncoder encoder) {
    List<Object> inner = new ArrayList<>(List.of(new StringBuilder("not a key")));
    List<Object> outer = new ArrayList<>(List.of(inner));
    assertThatThrownBy(() -> encoder.encodeArguments("f", new Object[] {outer}, new boolean[0]))
        .isInstanceOf(UnsupportedArgumentException.class);
    return new WeakReference<>(outer);
  }

  /**
   * A record class is read through accessors looked up on first sight, including one from another class loader,
   * whose package Recall's lookup cannot see without making the accessor accessible. A fresh copy of the class is
   * loaded for each run, so the look-up happens here rather than being served from the per-class cache.
   */
  @Test
  void encode_recordOfAClassNeverSeenBefore_isReadThroughItsComponents() throws Exception {
    Class<?> copy = FreshLoader.copyOf(Labelled.class);
    assertThat(copy).isNotEqualTo(Labelled.class);
    Constructor<?> constructor = copy.getDeclaredConstructors()[0];
    constructor.setAccessible(true);
    Object record = constructor.newInstance("fresh", List.of(1, 2));
    assertThat(encode(record)).isEqualTo(EncodingSpec.tuple(new Labelled("fresh", List.of(1, 2))));
  }

  /** A JDK-internal record whose package is not open: its components cannot be read, and the key is refused. */
  @Test
  void encode_recordWhoseComponentsCannotBeRead_isRefused() {
    Object internal = ModuleDesc.of("some.module");
    assumeThat(internal.getClass().isRecord()).as("this JDK implements ModuleDesc as a record").isTrue();
    assertThatThrownBy(() -> encode(internal))
        .isInstanceOf(UnsupportedArgumentException.class)
        .hasMessageContaining("cannot be read");
  }

  /** A failing accessor is the record's own bug: its exception reaches the caller unchanged, not as a key. */
  @Test
  void encode_recordWhoseAccessorThrows_passesTheExceptionOn() {
    assertThatThrownBy(() -> encode(new Faulty(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("accessor failed");
  }

  private static Object nested(int levels) {
    Object value = "leaf";
    for (int i = 0; i < levels; i++) {
      value = List.of(value);
    }
    return value;
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  /** Defines a second copy of one class from its class file: same name, a distinct class in a distinct loader. */
  private static final class FreshLoader extends ClassLoader {
    private FreshLoader(ClassLoader parent) {
      super(parent);
    }

    static Class<?> copyOf(Class<?> type) throws IOException {
      String resource = type.getName().replace('.', '/') + ".class";
      byte[] bytes;
      try (InputStream in = Objects.requireNonNull(type.getClassLoader().getResourceAsStream(resource), resource)) {
        bytes = in.readAllBytes();
      }
      return new FreshLoader(type.getClassLoader()).defineClass(type.getName(), bytes, 0, bytes.length);
    }
  }
}
