package dev.recall.internal.function;

import org.jspecify.annotations.Nullable;

/**
 * A write of this JVM to one field, seen by its near cache: begun before the write is sent (the field's copy is
 * dropped and its ticket moved on) and ended once Redis answered (see {@link NearTier#endWrite}).
 *
 * @param tier the near cache, or {@code null} for a function without one (then both ends do nothing)
 */
record NearWrite(@Nullable NearTier tier, String key, long ticket, long sent) {
  private static final NearWrite NONE = new NearWrite(null, "", 0, 0);

  /** Begins a write of {@code field}; call it just before the write is sent. */
  static NearWrite begin(@Nullable NearTier tier, byte[] field) {
    if (tier == null) {
      return NONE;
    }
    String key = NearTier.key(field);
    return new NearWrite(tier, key, tier.beginWrite(key), System.nanoTime());
  }

  /**
   * Ends the write: keeps {@code value} as the field's copy when Redis acknowledged it and nothing invalidated the
   * field meanwhile, for {@code freshMillis} from the send ({@code -1}: until invalidated).
   */
  void end(boolean written, @Nullable Object value, long freshMillis) {
    if (tier != null) {
      tier.endWrite(key, ticket, written, value, sent, freshMillis);
    }
  }
}
