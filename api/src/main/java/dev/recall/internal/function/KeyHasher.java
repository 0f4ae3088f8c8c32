package dev.recall.internal.function;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Turns one function's call arguments into the field of its cache entry: the function id, then the 128-bit
 * MurmurHash3 of the canonical argument encoding, in hex (48 ASCII bytes). The whole key-hashing hot path lives
 * here, so the benchmarks measure exactly what a call pays (public for them alone; an internal package is not API).
 * Thread-safe: the encoder is per thread.
 */
public final class KeyHasher {
  static final int FIELD_LENGTH = 48;
  private static final ThreadLocal<ArgumentEncoder> ENCODERS = ThreadLocal.withInitial(ArgumentEncoder::new);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final String function;
  private final boolean[] ignored;
  private final byte[] functionId;

  /** A hasher for the function named {@code function}, leaving out the arguments whose index is {@code true}. */
  public KeyHasher(String function, boolean[] ignored) {
    this.function = function;
    this.ignored = ignored.clone();
    this.functionId = functionId(function);
  }

  /** The entry's field for these arguments. */
  public byte[] field(@Nullable Object[] args) {
    ArgumentEncoder encoder = ENCODERS.get();
    encoder.encodeArguments(function, args, ignored);
    // The scratch array, not a new one: escape analysis does not remove it (measured: 32 bytes per call).
    long[] hash = encoder.hashScratch();
    Murmur3.hash128(encoder.buffer(), encoder.length(), 0, hash);
    byte[] field = Arrays.copyOf(functionId, FIELD_LENGTH);
    hex(hash[0], field, 16);
    hex(hash[1], field, 32);
    return field;
  }

  /** The field prefix all of a function's entries share: 16 hex digits of its name's hash. */
  static byte[] functionId(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    long[] hash = new long[2];
    Murmur3.hash128(bytes, bytes.length, 0, hash);
    byte[] id = new byte[16];
    hex(hash[0], id, 0);
    return id;
  }

  private static void hex(long value, byte[] out, int at) {
    for (int i = 15; i >= 0; i--) {
      out[at + i] = HEX[(int) (value & 15)];
      value >>>= 4;
    }
  }
}
