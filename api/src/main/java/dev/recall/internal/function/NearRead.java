package dev.recall.internal.function;

import dev.recall.spi.Replies;
import org.jspecify.annotations.Nullable;

/**
 * A remote read of one field whose value the near cache may install: the ticket taken before the read was sent, and
 * when it was sent, so that {@link NearTier#install} can refuse a value something invalidated meanwhile and bound the
 * copy's life from the send.
 */
record NearRead(NearTier tier, String key, long ticket, long sent) {

  /** Takes the ticket of a read of {@code key}; call it just before the read is sent. */
  static NearRead begin(NearTier tier, String key) {
    return new NearRead(tier, key, tier.ticket(key), System.nanoTime());
  }

  /** Installs what the read returned; {@code freshMillis} is the extended reply's ms the entry stays fresh. */
  void install(@Nullable Object value, @Nullable Object freshMillis) {
    tier.install(key, ticket, value, sent, Replies.longValue(freshMillis));
  }
}
