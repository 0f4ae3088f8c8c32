package dev.recall.internal.function;

import dev.recall.RecallCodecException;
import dev.recall.codec.Codec;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionSpec;
import dev.recall.spi.CommandExecutor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What the sync and async paths of one memoized function share: its spec and codec, key hashing, commands,
 * statistics, near cache and single-flight table. Immutable; the parts are thread-safe.
 *
 * @param near the near cache of the function's pair, or {@code null} without one
 * @param inFlight the single-flight table of the function's name, shared by all its memoizers
 */
record FunctionParts(String name, FunctionSpec<Object> spec, Codec<Object> codec, KeyHasher hasher,
    PairCommands commands, CommandExecutor executor, FunctionCacheConfig config, FunctionStats stats,
    @Nullable NearTier near, InFlightCalls inFlight) {

  /** Whether a call skips the cache: its condition rejects the arguments, or it was asked to bypass. */
  boolean bypasses(@Nullable Object[] args, @Nullable CallMode mode) {
    return mode == CallMode.BYPASS || spec.condition() != null && !spec.condition().test(Arrays.asList(args));
  }

  /** The entry's field: the function id, then the 128-bit hash of the canonical argument encoding, in hex. */
  byte[] field(@Nullable Object[] args) {
    return hasher.field(args);
  }

  /** The near cache's key of {@code field}, or {@code null} without a near cache. */
  @Nullable String nearKey(byte[] field) {
    return near == null ? null : NearTier.key(field);
  }

  /**
   * Returns the copy the near cache serves for {@code key}, counted as a near hit and queued for the replay, or
   * {@code null} when it serves none or there is no near cache ({@code key} is {@code null}).
   */
  @Nullable NearCopy nearHit(@Nullable String key) {
    if (near == null || key == null) {
      return null;
    }
    NearCopy held = near.lookup(key);
    if (held != null) {
      stats.nearHit(name);
      near.recordHit(key);
    }
    return held;
  }

  /** Takes the near-cache ticket of a remote read of {@code key}, or {@code null} without a near cache. */
  @Nullable NearRead beginRead(@Nullable String key) {
    return near == null || key == null ? null : NearRead.begin(near, key);
  }

  /**
   * The value of a hit, counted, and installed in the near cache when {@code read} allows.
   *
   * @throws RecallCodecException when the stored bytes cannot be read (nothing is counted then)
   */
  @Nullable Object hit(ReadReply.Hit hit, @Nullable NearRead read) {
    Object value = Envelope.decode(hit.stored(), codec);
    stats.hit(name);
    if (read != null) {
      read.install(value, hit);
    }
    return value;
  }

  /**
   * Drops this JVM's near copy of a field it is removing, at once (read-your-writes); other JVMs drop theirs when
   * the script's invalidation reaches them.
   */
  void dropLocal(byte[] field) {
    if (near != null) {
      near.invalidate(NearTier.key(field));
    }
  }

  /** Drops every near copy of this function's pair in this JVM, as it deletes the pair. */
  void dropAllLocal() {
    if (near != null) {
      near.invalidateAll();
    }
  }
}
