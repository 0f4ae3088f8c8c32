package dev.recall.internal.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The entry field: function id, then the hex of the argument hash; reusing per-thread scratch changes nothing. */
class KeyHasherTest {

  /** The field computed from scratch by a new encoder (whose small first buffer large arguments must grow). */
  static String reference(String function, Object... args) {
    ArgumentEncoder encoder = new ArgumentEncoder();
    encoder.encodeArguments(function, args, new boolean[0]);
    long[] out = new long[2];
    Murmur3.hash128(encoder.buffer(), encoder.length(), 0, out);
    return new String(KeyHasher.functionId(function), StandardCharsets.US_ASCII)
        + String.format("%016x%016x", out[0], out[1]);
  }

  private static String field(KeyHasher hasher, Object... args) {
    return new String(hasher.field(args), StandardCharsets.US_ASCII);
  }

  @Test
  void field_isTheFunctionIdThenTheHexOfTheArgumentHash() {
    KeyHasher hasher = new KeyHasher("f", new boolean[0]);
    assertThat(field(hasher, 42)).hasSize(KeyHasher.FIELD_LENGTH).isEqualTo(reference("f", 42));
    assertThat(field(hasher, "a", List.of(1L, 2L))).isEqualTo(reference("f", "a", List.of(1L, 2L)));
  }

  @Test
  void repeatedAndInterleavedCalls_giveTheSameFields_onEveryThread() throws Exception {
    KeyHasher hasher = new KeyHasher("f", new boolean[0]);
    String one = field(hasher, 1);
    String two = field(hasher, 2);
    assertThat(field(hasher, 1)).isEqualTo(one);
    assertThat(field(hasher, 2)).isEqualTo(two).isNotEqualTo(one);
    assertThat(CompletableFuture.supplyAsync(() -> field(hasher, 1)).get()).isEqualTo(one);
  }

  @Test
  void ignoredArguments_areLeftOutOfTheField() {
    KeyHasher hasher = new KeyHasher("f", new boolean[] {false, true});
    assertThat(field(hasher, 7, "request-1")).isEqualTo(field(hasher, 7, "request-2"))
        .isEqualTo(reference("f", 7));
  }
}
