package dev.recall.internal.pubsub;

import dev.recall.RedisNode;
import dev.recall.spi.pubsub.PubSubTransport;
import dev.recall.spi.pubsub.SlotOwners;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Which node owns each slot, as the subscriber last learnt it: read from the cluster one read at a time (a request
 * during a read makes one more read follow it), retried with a backoff when no node answers, and corrected by
 * {@code MOVED} redirections in between. Confined to the subscriber's loop thread.
 */
final class ClusterTopology {
  private static final System.Logger LOG = System.getLogger("dev.recall.pubsub");
  private static final long FIRST_RETRY_MILLIS = 10;
  private static final long MAX_RETRY_MILLIS = 1000;

  private final PubSubTransport transport;
  private final SubscriberEngine loop;
  private final Consumer<SlotOwners> whenRead;
  private @Nullable SlotOwners owners;
  private boolean reading;
  private boolean readAgain;
  private int failures;

  /** {@code whenRead} runs on the loop after each successful read, with the owners then known. */
  ClusterTopology(PubSubTransport transport, SubscriberEngine loop, Consumer<SlotOwners> whenRead) {
    this.transport = transport;
    this.loop = loop;
    this.whenRead = whenRead;
  }

  /** Returns whether the owners were read at least once (or learnt from a redirection). */
  boolean known() {
    return owners != null;
  }

  /** Returns the owner of a slot as last known, or null when none is known. */
  @Nullable RedisNode owner(int slot) {
    SlotOwners known = owners;
    return known == null ? null : known.owner(slot);
  }

  /** Records the owner a {@code MOVED} reply named for a slot, until the next read. */
  void redirected(int slot, RedisNode owner) {
    SlotOwners known = owners;
    owners = (known == null ? SlotOwners.empty() : known).with(slot, owner);
  }

  /** Reads the owners again; when a read is already under way, another follows it. */
  void read() {
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    CompletableFuture<SlotOwners> pending;
    try {
      pending = transport.topology();
    } catch (RuntimeException e) {
      pending = CompletableFuture.failedFuture(e);
    }
    pending.whenComplete((read, failure) -> loop.post(() -> finished(read, failure)));
  }

  private void finished(@Nullable SlotOwners read, @Nullable Throwable failure) {
    reading = false;
    if (read == null) {
      failures++;
      LOG.log(System.Logger.Level.DEBUG, "cannot read the cluster topology for the subscriber", failure);
      long delay = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(failures, 20));
      loop.schedule(this::read, delay);
      return;
    }
    failures = 0;
    owners = read;
    whenRead.accept(read);
    if (readAgain) {
      readAgain = false;
      read();
    }
  }
}
