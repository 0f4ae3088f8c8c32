package dev.recall.internal.function;

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

  /** Installs the value a hit returned, when the reply says how long the entry stays fresh. */
  void install(@Nullable Object value, ReadReply.Hit hit) {
    if (hit.installable()) {
      tier.install(key, ticket, value, sent, hit.freshMillis());
    }
  }
}
