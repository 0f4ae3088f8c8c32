package dev.recall.contract;

import dev.recall.spi.SubscriptionListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SubscriptionListener} that records every callback in order, with the thread it ran on and whether two
 * callbacks ever overlapped. Channels and payloads are read as UTF-8 text, except {@link #payloads}.
 */
final class RecordingListener implements SubscriptionListener {
  /** One callback: {@code kind} is message, subscribed or lost. */
  record Event(String kind, String channel, byte[] payload, Throwable cause, String thread) {}

  private final Queue<Event> events = new ConcurrentLinkedQueue<>();
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean overlapped;

  @Override
  public void message(byte[] channel, byte[] payload) {
    record("message", channel, payload, null);
  }

  @Override
  public void subscribed(byte[] channel) {
    record("subscribed", channel, new byte[0], null);
  }

  @Override
  public void lost(byte[] channel, Throwable cause) {
    record("lost", channel, new byte[0], cause);
  }

  private void record(String kind, byte[] channel, byte[] payload, Throwable cause) {
    if (running.incrementAndGet() > 1) {
      overlapped = true;
    }
    try {
      events.add(new Event(kind, text(channel), payload, cause, Thread.currentThread().getName()));
    } finally {
      running.decrementAndGet();
    }
  }

  /** Returns how many callbacks of this kind came for the channel. */
  int count(String kind, String channel) {
    return (int) events.stream().filter(e -> e.kind().equals(kind) && e.channel().equals(channel)).count();
  }

  /** Returns the channel's messages as text, in arrival order. */
  List<String> messages(String channel) {
    return payloads(channel).stream().map(RecordingListener::text).toList();
  }

  /** Returns the channel's messages as bytes, in arrival order. */
  List<byte[]> payloads(String channel) {
    List<byte[]> payloads = new ArrayList<>();
    for (Event event : events) {
      if (event.kind().equals("message") && event.channel().equals(channel)) {
        payloads.add(event.payload());
      }
    }
    return payloads;
  }

  /** Returns the kinds of the channel's callbacks, in order, such as [subscribed, message, lost, subscribed]. */
  List<String> kinds(String channel) {
    return events.stream().filter(e -> e.channel().equals(channel)).map(Event::kind).toList();
  }

  /** Returns every callback so far. */
  List<Event> events() {
    return List.copyOf(events);
  }

  /** Returns whether two callbacks ever ran at the same time. */
  boolean overlapped() {
    return overlapped;
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
