package dev.recall.internal.function;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * MurmurHash3, x64 128-bit variant, written from Austin Appleby's public-domain algorithm description: fast,
 * well-distributed, non-cryptographic. Stable across JVMs and versions, so keys written by one process are found
 * by another. Stateless and thread-safe.
 */
public final class Murmur3 {
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  private static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Murmur3() {}

  /** Hashes {@code length} bytes of {@code data} from 0 and writes the two 64-bit halves into {@code out}. */
  @SuppressWarnings("fallthrough") // the tail switch falls through on purpose, as in the reference algorithm
  public static void hash128(byte[] data, int length, long seed, long[] out) {
    long h1 = seed;
    long h2 = seed;
    int blocks = length >>> 4;
    for (int i = 0; i < blocks; i++) {
      int at = i << 4;
      long k1 = getLong(data, at);
      long k2 = getLong(data, at + 8);
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27);
      h1 += h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31);
      h2 += h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = blocks << 4;
    long k1 = 0;
    long k2 = 0;
    switch (length & 15) {
      case 15: k2 ^= (data[tail + 14] & 0xffL) << 48;
      case 14: k2 ^= (data[tail + 13] & 0xffL) << 40;
      case 13: k2 ^= (data[tail + 12] & 0xffL) << 32;
      case 12: k2 ^= (data[tail + 11] & 0xffL) << 24;
      case 11: k2 ^= (data[tail + 10] & 0xffL) << 16;
      case 10: k2 ^= (data[tail + 9] & 0xffL) << 8;
      case 9:
        k2 ^= data[tail + 8] & 0xffL;
        h2 ^= mixK2(k2);
      case 8: k1 ^= (data[tail + 7] & 0xffL) << 56;
      case 7: k1 ^= (data[tail + 6] & 0xffL) << 48;
      case 6: k1 ^= (data[tail + 5] & 0xffL) << 40;
      case 5: k1 ^= (data[tail + 4] & 0xffL) << 32;
      case 4: k1 ^= (data[tail + 3] & 0xffL) << 24;
      case 3: k1 ^= (data[tail + 2] & 0xffL) << 16;
      case 2: k1 ^= (data[tail + 1] & 0xffL) << 8;
      case 1:
        k1 ^= data[tail] & 0xffL;
        h1 ^= mixK1(k1);
      default:
        break;
    }
    h1 ^= length;
    h2 ^= length;
    h1 += h2;
    h2 += h1;
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 += h2;
    h2 += h1;
    out[0] = h1;
    out[1] = h2;
  }

  private static long mixK1(long k1) {
    k1 *= C1;
    k1 = Long.rotateLeft(k1, 31);
    return k1 * C2;
  }

  private static long mixK2(long k2) {
    k2 *= C2;
    k2 = Long.rotateLeft(k2, 33);
    return k2 * C1;
  }

  private static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  private static long getLong(byte[] b, int i) {
    return (long) LITTLE_ENDIAN_LONG.get(b, i);
  }
}
