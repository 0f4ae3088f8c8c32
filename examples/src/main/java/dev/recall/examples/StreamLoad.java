package dev.recall.examples;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.stream.Consumer;
import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.Message;
import dev.recall.stream.Sender;
import dev.recall.stream.Streams;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code stream-load}: checks delivery from outside. Sends N numbered messages to a fresh channel, runs C consumers
 * in one group whose handler fails the first delivery of a seeded random fraction F of them, waits until every
 * message is handled or dead-lettered, and prints {@code sent=N processed=P duplicates=D dead=X pending=Q}. It
 * deletes the channel at the end, so it leaves nothing in Redis.
 */
final class StreamLoad {
  static final String GROUP = "stream-load";

  /**
   * The command's arguments.
   *
   * @param messages how many messages to send
   * @param consumers how many consumers share the group
   * @param failRate the fraction of messages whose first delivery fails
   * @param seed the seed choosing them
   */
  record Settings(int messages, int consumers, double failRate, long seed) {
    static Settings from(Options options) throws UsageException {
      int messages = (int) number(options, "messages", null, 1, 10_000_000);
      int consumers = (int) number(options, "consumers", null, 1, 256);
      String rate = options.values().get("fail-rate");
      if (rate == null) {
        throw new UsageException("stream-load needs --fail-rate F (a fraction from 0 to 1)");
      }
      double failRate;
      try {
        failRate = Double.parseDouble(rate);
      } catch (NumberFormatException e) {
        throw new UsageException("--fail-rate must be a number from 0 to 1, got '" + rate + "'");
      }
      if (!(failRate >= 0 && failRate <= 1)) {
        throw new UsageException("--fail-rate must be from 0 to 1, got '" + rate + "'");
      }
      long seed = number(options, "seed", "1", Long.MIN_VALUE, Long.MAX_VALUE);
      return new Settings(messages, consumers, failRate, seed);
    }

    private static long number(Options options, String name, String fallback, long min, long max)
        throws UsageException {
      String text = options.values().getOrDefault(name, fallback);
      if (text == null) {
        throw new UsageException("stream-load needs --" + name);
      }
      long value;
      try {
        value = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new UsageException("--" + name + " must be a whole number, got '" + text + "'");
      }
      if (value < min || value > max) {
        throw new UsageException("--" + name + " must be from " + min + " to " + max + ", got " + value);
      }
      return value;
    }
  }

  private StreamLoad() {}

  /** Runs the check; returns 0 when every message was handled or dead-lettered, 1 otherwise. */
  static int run(RedisConfig config, String driver, Settings settings, PrintStream out) {
    int n = settings.messages();
    BitSet failFirst = new BitSet(n);
    Random random = new Random(settings.seed());
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() < settings.failRate()) {
        failFirst.set(i);
      }
    }
    String channel = "stream-load-" + UUID.randomUUID();
    AtomicIntegerArray handled = new AtomicIntegerArray(n);
    AtomicLong processed = new AtomicLong();
    AtomicLong duplicates = new AtomicLong();
    Set<Integer> failedOnce = ConcurrentHashMap.newKeySet();
    try (RecallClient client = Recall.connect(config, driver)) {
      Streams streams = client.streams();
      List<Consumer> consumers = new ArrayList<>();
      for (int c = 0; c < settings.consumers(); c++) {
        consumers.add(streams.consumer(ConsumerConfig.builder(GROUP, "consumer-" + c)
            .batchSize(500).concurrency(64).blockTime(Duration.ofMillis(100)).maxDeliveries(3)
            .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(200)).reclaimIdle(Duration.ofSeconds(10))
            .errorHandler((ch, id, error) -> { }) // failures are the point here; the counts tell the story
            .handler(channel, Integer.class, message -> {
              int seq = message.body();
              if (failFirst.get(seq) && failedOnce.add(seq)) {
                throw new IllegalStateException("first delivery of " + seq + " fails on purpose");
              }
              if (handled.getAndIncrement(seq) == 0) {
                processed.incrementAndGet();
              } else {
                duplicates.incrementAndGet();
              }
            }).build()));
      }
      consumers.forEach(Consumer::start);
      Sender sender = streams.sender();
      for (int from = 0; from < n; from += 1000) {
        List<Message<Integer>> batch = new ArrayList<>();
        for (int seq = from; seq < Math.min(n, from + 1000); seq++) {
          batch.add(Message.of("seq", seq));
        }
        sender.sendAll(channel, batch);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).plusMillis(n).toNanos();
      long dead = 0;
      while (System.nanoTime() - deadline < 0) {
        dead = streams.deadLetterCount(channel);
        if (processed.get() + dead >= n) {
          break;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      consumers.forEach(consumer -> consumer.stop(Duration.ofSeconds(5)));
      dead = streams.deadLetterCount(channel);
      long pending = streams.pending(channel, GROUP);
      out.printf("sent=%d processed=%d duplicates=%d dead=%d pending=%d%n", n, processed.get(), duplicates.get(),
          dead, pending);
      StreamsTour.deleteChannel(client, channel);
      return processed.get() + dead == n ? 0 : 1;
    }
  }
}
