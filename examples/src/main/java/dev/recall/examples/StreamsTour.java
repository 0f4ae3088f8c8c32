package dev.recall.examples;

import dev.recall.RecallClient;
import dev.recall.stream.Consumer;
import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.DeadLetter;
import dev.recall.stream.Message;
import dev.recall.stream.Sender;
import dev.recall.stream.Streams;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tour's streams part: a producer and two consumers sharing one group, one poison message. Its channel is made up
 * for the run and deleted at the end.
 */
final class StreamsTour {
  record Order(long id, String item) {}

  private StreamsTour() {}

  static void run(RecallClient client, PrintStream out) {
    out.println();
    out.println("== Streams: a producer and two consumers in one group ==");
    Streams streams = client.streams();
    String channel = "tour-orders-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, List<Long>> byConsumer = new ConcurrentHashMap<>();
    List<Consumer> consumers = new ArrayList<>();
    for (String name : List.of("billing-1", "billing-2")) {
      List<Long> mine = new CopyOnWriteArrayList<>();
      byConsumer.put(name, mine);
      consumers.add(streams.consumer(ConsumerConfig.builder("billing", name)
          .blockTime(Duration.ofMillis(100)).batchSize(2).maxDeliveries(2)
          .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(50))
          .errorHandler((ch, id, error) -> { })
          .handler(channel, "order.created", Order.class, message -> {
            if (message.body().item().isEmpty()) {
              throw new IllegalArgumentException("order " + message.body().id() + " has no item");
            }
            mine.add(message.body().id());
          }).build()));
    }
    consumers.forEach(Consumer::start);

    Sender sender = streams.sender();
    List<Message<Order>> orders = new ArrayList<>();
    for (long id = 1; id <= 6; id++) {
      orders.add(Message.of("order.created", new Order(id, id == 4 ? "" : "item-" + id)));
    }
    List<String> ids = sender.sendAll(channel, orders);
    out.println("sendAll(6 orders) -> ids " + ids.get(0) + " .. " + ids.get(5) + " (one round trip)");

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (byConsumer.values().stream().mapToInt(List::size).sum() < 5 || streams.deadLetterCount(channel) < 1) {
      if (System.nanoTime() - deadline > 0) {
        break;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    consumers.forEach(consumer -> consumer.stop(Duration.ofSeconds(2)));
    byConsumer.forEach((name, handled) -> out.println(name + " handled orders " + handled.stream().sorted().toList()));
    for (DeadLetter letter : streams.deadLetters(channel, 10)) {
      out.println("dead letter after " + letter.deliveries() + " deliveries: " + letter.bodyText() + " -- "
          + letter.error());
    }
    out.println("cleanUp() deleted " + streams.cleanUp(channel) + " fully acknowledged entries; "
        + streams.length(channel) + " left");
    deleteChannel(client, channel);
  }

  /**
   * Deletes a channel the examples made up: its stream (with the consumer groups) and its dead letters, which are
   * plain keys ({@code recall:stream:{<channel>}} and {@code ...:dead}, in one slot on a cluster).
   */
  static void deleteChannel(RecallClient client, String channel) {
    String stream = "recall:stream:{" + channel + "}";
    client.cache().delete(stream);
    client.cache().delete(stream + ":dead");
  }
}
