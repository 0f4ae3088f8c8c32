package dev.recall.examples;

import dev.recall.RecallClient;
import dev.recall.stream.Consumer;
import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.DeadLetter;
import dev.recall.stream.Message;
import dev.recall.stream.Sender;
import dev.recall.stream.SenderConfig;
import dev.recall.stream.Streams;
import dev.recall.stream.Trim;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The README's streams example, kept here so it compiles as printed; {@code StreamsExampleTest} runs it and checks
 * that the README shows the lines between the {@code README streams} markers, less those marked as not in it.
 */
final class StreamsExample {
  record Order(long id, String item) {}

  record Login(String user) {}

  private static final Logger log = System.getLogger(StreamsExample.class.getName());

  /** The ids of the orders billed, in the order billed. */
  final List<Long> billed = new CopyOnWriteArrayList<>();

  private final CountDownLatch allBilled = new CountDownLatch(3);

  /** The dead letters the example read at its end. */
  List<DeadLetter> dead = List.of();

  void run(RecallClient recall) {
    // README streams begin
    Streams streams = recall.streams();
    Sender sender = streams.sender();                       // any channel, created on first send
    String id = sender.send("orders", Message.of("order.created", new Order(7, "book")));
    sender.sendAll("orders", List.of(                       // one round trip per 1,000; every body encoded first
        Message.of("order.created", new Order(8, "pen")), Message.of("order.created", new Order(9, "ink"))));
    sender.send("audit", Message.of("login", new Login("ada")), Trim.maxLen(100_000));   // approximate trim
    Sender strict = streams.sender(SenderConfig.builder().channel("orders").registeredOnly(true).build());

    Consumer consumer = streams.consumer(ConsumerConfig.builder("billing", "billing-1")
        .handler("orders", "order.created", Order.class, message -> bill(message.body()))
        .handler("orders", Order.class, message -> log.log(Level.INFO, "{0}", message))  // every other name
        .batchSize(100).blockTime(Duration.ofSeconds(1)).concurrency(16)
        .maxDeliveries(5).retryBackoff(Duration.ofMillis(200), Duration.ofSeconds(30))
        .reclaimIdle(Duration.ofMinutes(1))
        .errorHandler((channel, entryId, error) -> log.log(Level.WARNING, channel + " " + entryId, error))
        .build());
    consumer.start();              // one virtual thread per channel; or consumeOnce() from your own loop
    // ... the application runs; handlers are called on the consumer's threads
    awaitBilled();                                                            // (not in the README)
    consumer.close();              // stop reading, let handlers finish (shutdownTimeout), ack what finished
    streams.cleanUp("orders");     // delete entries every group has acknowledged
    List<DeadLetter> dead = streams.deadLetters("orders", 100);   // (sourceId, group, name, body, error, deliveries)
    // README streams end
    this.dead = dead;
    if (id.isEmpty() || strict == sender) {
      throw new IllegalStateException("the streams example did not behave as the README says");
    }
  }

  private void bill(Order order) {
    billed.add(order.id());
    allBilled.countDown();
  }

  /** Waits until the three orders sent are billed, or 30 s; the test then checks which were. */
  private void awaitBilled() {
    try {
      allBilled.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
