package dev.recall.internal.function;

import dev.recall.internal.jfr.RecallEvents;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The timing of one wait for the value of another process that holds a field's lease, shared by the blocking and
 * the asynchronous waits: when to poll again (a growing pause), when the holder's lease lapses at the earliest, and
 * when to give up. Each poll's answer renews the lapse time. Used by one waiter at a time.
 */
final class LeaseWait {
  private static final long MAX_PAUSE_MILLIS = 25;

  private final @Nullable Object event = RecallEvents.beginStampedeWait();
  private final long start = System.nanoTime();
  private final long deadline;
  /**
   * When the holder's lease lapses at the earliest: its time left, counted from before the poll that reported it was
   * sent, so never later than the real lapse (the first estimate counts from after the read, as timing that read
   * would cost every hit a clock read). A lease found free before then was released, not lapsed: its holder's
   * computation failed, or its value was stored and already evicted.
   */
  private long leaseEnd;
  private long pauseMillis = 1;

  /**
   * @param leaseLeftMillis the ms left on the holder's lease, as the read reported
   * @param leaseTime the cache's lease time: the wait gives up after the lease left and one more lease time
   */
  LeaseWait(long leaseLeftMillis, Duration leaseTime) {
    this.deadline = start + (leaseLeftMillis + leaseTime.toMillis()) * 1_000_000L;
    this.leaseEnd = start + leaseLeftMillis * 1_000_000L;
  }

  /** Whether the wait outlived the holder's lease and this caller's patience: the lease lapsed. */
  boolean timedOut() {
    return System.nanoTime() - deadline >= 0;
  }

  /** The pause before the next poll, in ms; each call doubles the next one, up to a bound. */
  long nextPause() {
    long pause = pauseMillis;
    pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE_MILLIS);
    return pause;
  }

  /** A poll sent at {@code polledAt} found the lease still held, for {@code leftMillis} more. */
  void stillHeld(long polledAt, long leftMillis) {
    leaseEnd = polledAt + leftMillis * 1_000_000L;
  }

  /** Whether the holder's lease has lapsed by now, as far as the polls tell. */
  boolean lapsed() {
    return System.nanoTime() - leaseEnd >= 0;
  }

  /** Counts the wait as ended now, before the caller computes or returns. */
  void end(FunctionStats stats, String function, boolean lapsed) {
    stats.stampedeWait(function, System.nanoTime() - start, lapsed, event);
  }
}
