package dev.recall.internal.pubsub;

import dev.recall.internal.ByteKey;
import dev.recall.spi.pubsub.SlotOwners;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * A subscribed channel: the connection that serves it now, and whether the server confirmed it there. Confined to
 * the subscriber's loop thread.
 */
final class Channel {
  final ByteKey key;
  final int slot;
  @Nullable Link link;
  boolean confirmed;
  /** The last loss may mean the slot has a new owner: read the topology before assigning it again. */
  boolean needsTopology;
  int attempts;
  @Nullable ScheduledFuture<?> retry;

  Channel(ByteKey key) {
    this.key = key;
    this.slot = SlotOwners.slot(key.bytes());
  }

  /** Takes the channel off its connection; it is no longer confirmed. */
  void detach() {
    if (link != null) {
      link.channels.remove(this);
      link = null;
    }
    confirmed = false;
  }

  void cancelRetry() {
    if (retry != null) {
      retry.cancel(false);
      retry = null;
    }
  }
}
