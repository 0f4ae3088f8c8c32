package dev.recall.streams.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One channel of a consumer: its stream keys, its router, and when its next retry scan and reclaim are due.
 * Touched by the channel's reader only, except {@link #lastErrors}.
 */
final class ConsumerChannel {
  /** A {@link System#nanoTime()} that never comes: no retry is due. */
  static final long NEVER = Long.MAX_VALUE;

  final String name;
  final byte[] key;
  final byte[] deadKey;
  final MessageRouter router;
  /** The last error of each entry waiting for a retry: it goes into the dead letter if no retry succeeds. */
  final Map<String, String> lastErrors = new ConcurrentHashMap<>();
  volatile boolean groupReady;
  volatile long nextRetryScan = System.nanoTime(); // at start: pick up what an earlier run left pending
  volatile long nextReclaim = System.nanoTime();
  volatile String reclaimCursor = "0-0";

  ConsumerChannel(String name) {
    this.name = name;
    this.key = StreamKeys.stream(name);
    this.deadKey = StreamKeys.deadLetters(name);
    this.router = new MessageRouter(name);
  }

  /** The error to record when an entry is dead-lettered: its last handler failure, if this consumer saw it. */
  String errorOf(String id, long deliveries) {
    return lastErrors.getOrDefault(id, "no handler returned in " + deliveries + " deliveries");
  }
}
