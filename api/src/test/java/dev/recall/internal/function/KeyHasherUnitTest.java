package dev.recall.internal.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The entry field's layout against values computed outside Recall: the 16 hex digits of the first half of
 * MurmurHash3 x64 128 of the function name's UTF-8 bytes, then the 32 hex digits of both halves of the hash of the
 * argument encoding ({@link EncodingSpec}), both from Python's {@code mmh3} (seed 0, unsigned, {@code %016x}).
 */
class KeyHasherUnitTest {

  private static String field(KeyHasher hasher, Object... args) {
    return new String(hasher.field(args), StandardCharsets.US_ASCII);
  }

  @Test
  void field_isTheFunctionIdThenBothHashHalves_inLowerCaseHex() {
    // mmh3 of "f", and of the encoding 00000001 'I' 0000002a.
    assertThat(field(new KeyHasher("f", new boolean[0]), 42))
        .isEqualTo("9243132d4e66a3af" + "7a24b8e1b1bf37d6" + "c20de65ac836f87a");
  }

  /** The function id hashes the name's UTF-8 bytes, so a name outside ASCII gives the same id on every JVM. */
  @Test
  void field_ofANonAsciiFunctionName_hashesItsUtf8Bytes() {
    // mmh3 of "prix-€" in UTF-8, and of the empty tuple's encoding 00000000.
    assertThat(field(new KeyHasher("prix-€", new boolean[0])))
        .isEqualTo("4869b875474c6272" + "cfa0f7ddd84c76bc" + "589623161cf526f1");
  }

  @Test
  void field_ignoredArgument_isLeftOut_andArgumentsPastTheFlagsAreKept() {
    // The encoding of (7, 9): 00000002 'I' 00000007 'I' 00000009.
    String expected = "9243132d4e66a3af" + "d15e35d74a08d70f" + "626ba3b83b15fe2a";
    KeyHasher hasher = new KeyHasher("f", new boolean[] {false, true});
    assertThat(field(hasher, 7, "request-1", 9)).isEqualTo(expected);
    assertThat(field(hasher, 7, "request-2", 9)).isEqualTo(expected);
  }

  /** The hasher keeps its own copy of the flags: a caller that reuses its array cannot change the keys. */
  @Test
  void field_afterTheCallerChangesItsIgnoredFlags_isUnchanged() {
    boolean[] ignored = {false, true};
    KeyHasher hasher = new KeyHasher("f", ignored);
    String before = field(hasher, 7, "request-1", 9);
    ignored[1] = false;
    assertThat(field(hasher, 7, "request-1", 9)).isEqualTo(before);
  }

  /** Each call returns its own array: a caller may keep or change a field without touching the next one. */
  @Test
  void field_sameArguments_equalBytesInDistinctArrays() {
    KeyHasher hasher = new KeyHasher("f", new boolean[0]);
    byte[] first = hasher.field(new Object[] {42});
    byte[] second = hasher.field(new Object[] {42});
    assertThat(second).isEqualTo(first).isNotSameAs(first);
    first[0] = 'x';
    assertThat(field(hasher, 42)).startsWith("9243132d4e66a3af");
  }

  @Test
  void functionId_isTheFirstSixteenHexDigitsOfTheField() {
    assertThat(new String(KeyHasher.functionId("f"), StandardCharsets.US_ASCII)).isEqualTo("9243132d4e66a3af");
    assertThat(field(new KeyHasher("f", new boolean[0]), "anything")).startsWith("9243132d4e66a3af")
        .hasSize(KeyHasher.FIELD_LENGTH).matches("[0-9a-f]{48}");
  }
}
