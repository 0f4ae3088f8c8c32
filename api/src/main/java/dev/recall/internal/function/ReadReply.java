package dev.recall.internal.function;

import dev.recall.spi.Replies;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The read script's answer, parsed once (see {@code read.lua} in the policies module): a {@link Hit}, or a
 * {@link Miss} that says who holds the field's lease and may carry a stale fallback. Every caller of the read script
 * (the sync and async calls, their lease polls, entry look-ups) interprets this type, never the raw reply.
 */
sealed interface ReadReply permits ReadReply.Hit, ReadReply.Miss {

  /** Kinds of an extended reply {@code {value, kind, n}}. */
  byte HIT = 'h';
  byte REFRESH = 'r';
  byte STALE = 's';

  /**
   * Parses a raw reply: the value's bytes (a plain hit), an extended {@code {value, kind, n}} reply, {@code null}
   * (a miss that asked no lease) or a number (a miss: {@code 0} when this caller took the lease, else the ms left on
   * another caller's).
   *
   * @throws dev.recall.RecallCommandException when the reply has none of these shapes (a script of another version)
   */
  static ReadReply parse(@Nullable Object raw) {
    if (raw instanceof byte[] stored) {
      return new Hit(stored, false, Hit.NOT_SAID);
    }
    if (raw == null) {
      return Miss.NO_LEASE_ASKED;
    }
    if (raw instanceof Long lease) {
      return lease == 0 ? Miss.HOLDS_LEASE : new Miss(lease, null);
    }
    if (raw instanceof List<?> extended && extended.size() == 3 && extended.get(0) instanceof byte[] stored
        && extended.get(1) instanceof byte[] kind && kind.length == 1) {
      return switch (kind[0]) {
        case HIT -> new Hit(stored, false, Replies.longValue(extended.get(2)));
        case REFRESH -> new Hit(stored, true, Replies.longValue(extended.get(2)));
        case STALE -> parse(extended.get(2)) instanceof Miss miss ? miss.withStale(stored) : unexpected(raw);
        default -> unexpected(raw);
      };
    }
    return unexpected(raw);
  }

  private static ReadReply unexpected(Object raw) {
    throw Replies.unexpected("a read script's reply (a value, {value, kind, n}, nil or an integer)", raw);
  }

  /**
   * The entry was found.
   *
   * @param stored the entry's bytes, as stored
   * @param refreshDue whether the entry is due for a refresh and this caller now holds its lease to refresh it
   * @param freshMillis how long the entry stays fresh from when the read was sent ({@code -1}: until invalidated), or
   *     {@link #NOT_SAID} for a plain reply, which a near cache cannot install
   */
  record Hit(byte[] stored, boolean refreshDue, long freshMillis) implements ReadReply {
    /** The {@link #freshMillis} of a plain reply. */
    static final long NOT_SAID = Long.MIN_VALUE;

    /** Whether the reply says how long the entry stays fresh, so that a near cache may hold a copy. */
    boolean installable() {
      return freshMillis != NOT_SAID;
    }

    /**
     * The miss this hit becomes when its bytes cannot be read: a refresh lease this caller took serves as its miss
     * lease.
     */
    Miss unreadable() {
      return refreshDue ? Miss.HOLDS_LEASE : Miss.NO_LEASE_ASKED;
    }
  }

  /**
   * No fresh entry.
   *
   * @param lease {@link #NO_LEASE} when no lease was asked for, {@code 0} when this caller now holds the field's
   *     lease (it computes and stores), else the ms left on another caller's lease (it waits for that value)
   * @param stale an entry past its stale time but kept for the stale window, the caller's fallback when computing
   *     fails; {@code null} without one
   */
  record Miss(long lease, byte @Nullable [] stale) implements ReadReply {
    static final long NO_LEASE = -1;
    static final Miss NO_LEASE_ASKED = new Miss(NO_LEASE, null);
    static final Miss HOLDS_LEASE = new Miss(0, null);

    /** Whether this caller holds the field's lease. */
    boolean holdsLease() {
      return lease == 0;
    }

    /** Whether another caller holds the field's lease, so this one waits for its value. */
    boolean othersLease() {
      return lease > 0;
    }

    Miss withStale(byte[] value) {
      return new Miss(lease, value);
    }
  }
}
