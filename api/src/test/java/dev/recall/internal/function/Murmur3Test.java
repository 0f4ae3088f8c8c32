package dev.recall.internal.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The published MurmurHash3 x64 128 test vectors (as used by Guava and others). */
class Murmur3Test {

  @ParameterizedTest
  @CsvSource({
      "0, 629942693e10f867, 92db0b82baeb5347, hell",
      "1, a78ddff5adae8d10, 128900ef20900135, hello",
      "2, 8a486b23f422e826, f962a2c58947765f, 'hello '",
      "3, 2ea59f466f6bed8c, c610990acc428a17, hello w",
      "4, 79f6305a386c572c, 46305aed3483b94e, hello wo",
      "5, c2219d213ec1f1b5, a1d8e2e0a52785bd, hello wor",
      "0, e34bbc7bbc071b6c, 7a433ca9c49a9347, The quick brown fox jumps over the lazy dog",
      "0, 658ca970ff85269a, 43fee3eaa68e5c3e, The quick brown fox jumps over the lazy cog",
  })
  void hash128_matchesPublishedVectors(int seed, String h1, String h2, String input) {
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
    long[] out = new long[2];
    Murmur3.hash128(bytes, bytes.length, seed, out);
    assertThat(out[0]).isEqualTo(Long.parseUnsignedLong(h1, 16));
    assertThat(out[1]).isEqualTo(Long.parseUnsignedLong(h2, 16));
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "15", "16", "17", "31", "32", "33"})
  void hash128_ofAnEmptyInputWithSeedZero_isZero_andEveryTailLengthDiffers(int length) {
    byte[] bytes = new byte[40];
    long[] zero = new long[2];
    Murmur3.hash128(bytes, 0, 0, zero);
    assertThat(zero).containsExactly(0L, 0L);
    long[] out = new long[2];
    long[] longer = new long[2];
    Murmur3.hash128(bytes, length, 0, out);
    Murmur3.hash128(bytes, length + 1, 0, longer);
    assertThat(out).isNotEqualTo(longer);
  }
}
