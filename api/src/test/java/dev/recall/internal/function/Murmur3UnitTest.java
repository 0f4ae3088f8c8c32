package dev.recall.internal.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MurmurHash3 x64 128 against values from an independent implementation (the C extension behind Python's
 * {@code mmh3}, {@code mmh3.hash64(data, seed, signed=False)}). The published vectors in {@link Murmur3Test} are
 * ASCII only; these use bytes with the high bit set, every tail length from 0 to 33 and 32-bit seeds up to
 * {@code 0xffffffff}, so a sign-extension or a tail-case slip changes a key that another process must find.
 */
class Murmur3UnitTest {

  /** The input of length {@code n}: {@code (37 i + 200) mod 256}, so most bytes are negative as Java bytes. */
  static byte[] data(int n) {
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = (byte) (i * 37 + 200);
    }
    return bytes;
  }

  @ParameterizedTest(name = "length {0}, seed {1}")
  @CsvSource({
      "0, 0, 0000000000000000, 0000000000000000",
      "1, 0, a46bd16248e551c3, 0576fa7f1e47c1f6",
      "2, 0, e3304859fea69b98, 577c63caa7f6111f",
      "3, 0, 1992c2c31158994d, 143caefcd93db752",
      "4, 0, 41bff0560ab0f92c, 9835febe0267099a",
      "5, 0, 183680d3a1474632, f724033002ac961b",
      "6, 0, 27a4dff7f4cce6a9, 8e596b2971a1a715",
      "7, 0, cf7b85bf8584968d, 8620290c2702e00b",
      "8, 0, 8c77ad3171d401d8, 08fba2669a9bf14b",
      "9, 0, efc048af822f9d54, 7000ebb5eeced296",
      "10, 0, ed12443dc33f2dc6, 5e59cf18ebaee7b0",
      "11, 0, 1b496dd0a682698a, 6d7b3711672dbe58",
      "12, 0, 1136832c61247ef8, 274b50fc6b3cf3dd",
      "13, 0, e630146d9dc7d022, 2fa13e398d9d4907",
      "14, 0, 208aae7e1f6f34e7, 65706f64f299e628",
      "15, 0, 1237ca845d4c1800, a173c723df24bf12",
      "16, 0, 015deb6369b72afb, 380ec9c7fc76a585",
      "17, 0, 067f69ffe052646e, 77c57f2161e28472",
      "18, 0, b52a5242afb4d50b, 8f7990661df6c984",
      "19, 0, 5593143fd05b4de2, 3fda36a9d8f2a6e2",
      "20, 0, abd939555a067bf2, 2f247a53b94ad1f2",
      "21, 0, f53f451fda48c62b, 141f1a4bb831553e",
      "22, 0, d2db9b951d9c3a55, 1469f46cd876b470",
      "23, 0, 6243d84e98142aa4, 2a59653c61ad080c",
      "24, 0, 8073d71cf8f630ee, eb8f8d3896b4f624",
      "25, 0, cb68d2f26fddbbf9, fe42691798b0f277",
      "26, 0, d9e854609b5fd691, cc5ff0948a619290",
      "27, 0, 9dd3449798ce90dd, 1401e3015c094e64",
      "28, 0, 4769b5791d1003b0, 903c56c35be99e06",
      "29, 0, 0621fa9baf2ff8c6, 0f49e8b4b4793197",
      "30, 0, e770e91419644dbd, ef4ed352dc499d1e",
      "31, 0, b01845ebc1e4df7c, 55a9a2cbf08f22c7",
      "32, 0, 5fcf6f12a39e0ca6, a549c05a65d5d43b",
      "33, 0, ed93e0c56ea3a764, 00d1cc1cf7c58d63",
      "5, 1, affece93bb83fbf7, 5ecd962606b4c562",
      "16, 3735928559, 7e2d048a222c3fda, 09683552cf6df947",
      "31, 4294967295, 3301bf4cbe07cca5, 58dc8cae54057491",
      "47, 2147483647, bbc4bb73a25c46a4, 14f40aa3569f10e7",
  })
  void hash128_highBitBytesEveryTailAndSeed_matchAnIndependentImplementation(
      int length, long seed, String h1, String h2) {
    long[] out = new long[2];
    Murmur3.hash128(data(length), length, seed, out);
    assertThat(out).containsExactly(Long.parseUnsignedLong(h1, 16), Long.parseUnsignedLong(h2, 16));
  }

  /** The encoder hands over its whole buffer with a length, so the bytes after {@code length} must not count. */
  @Test
  void hash128_readsOnlyTheFirstLengthBytes() {
    for (int length = 0; length <= 40; length++) {
      byte[] exact = data(length);
      byte[] padded = Arrays.copyOf(exact, length + 24);
      Arrays.fill(padded, length, padded.length, (byte) 0x5a);
      long[] expected = new long[2];
      long[] actual = new long[2];
      Murmur3.hash128(exact, length, 7, expected);
      Murmur3.hash128(padded, length, 7, actual);
      assertThat(actual).as("length %d", length).containsExactly(expected[0], expected[1]);
    }
  }

  /** The output array is the caller's scratch: both halves are overwritten, whatever it held before. */
  @Test
  void hash128_overwritesBothHalvesOfTheOutput() {
    long[] out = {-1L, -1L};
    Murmur3.hash128(new byte[0], 0, 0, out);
    assertThat(out).containsExactly(0L, 0L);
  }
}
