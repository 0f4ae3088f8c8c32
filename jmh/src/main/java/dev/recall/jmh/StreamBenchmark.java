package dev.recall.jmh;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.stream.Consumer;
import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.Message;
import dev.recall.stream.Sender;
import dev.recall.stream.Streams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Streams throughput, per driver: batched send ({@code sendAll} of 1,000 messages, 100,000 per invocation) and
 * consume + JSON decode + ack of 100,000 messages with 1 and 4 consumers of one group, each on its own thread
 * calling {@code consumeOnce} (batches of 500). Scores are microseconds per message: messages per second is
 * 1,000,000 divided by the score.
 *
 * <p>Run: {@code java -jar jmh/target/recall-benchmarks.jar StreamBenchmark}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(1)
@State(Scope.Benchmark)
public class StreamBenchmark {
  static final int MESSAGES = 100_000;
  private static final int BATCH = 1_000;

  /** The message body, decoded from JSON by the consumer. */
  public record Order(long id, String sku, int quantity, double price) {}

  @Param({"LETTUCE", "JEDIS"})
  public Driver driver;

  private BenchmarkServer server;
  private RecallClient recall;
  private Sender sender;
  private List<List<Message<Order>>> batches;
  private int channelNumber;

  @Setup(Level.Trial)
  public void setUp() {
    server = BenchmarkServer.start();
    server.command("FLUSHALL");
    recall = Recall.connect(server.config(), driver.driverName());
    Streams streams = recall.streams();
    sender = streams.sender();
    batches = new ArrayList<>();
    for (int b = 0; b < MESSAGES / BATCH; b++) {
      List<Message<Order>> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        long id = (long) b * BATCH + i;
        batch.add(Message.of("order", new Order(id, "sku-" + (id % 977), (int) (id % 7) + 1, 9.99)));
      }
      batches.add(batch);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    recall.close();
    server.close();
  }

  /** One consumer group of 1 or 4 consumers, each on its own thread, and the channel they read. */
  @State(Scope.Benchmark)
  public static class Group {
    @Param({"1", "4"})
    public int consumers;

    private final String channel = "bench-consume";
    private final LongAdder handled = new LongAdder();
    private List<Consumer> members;
    private ExecutorService threads;
    private long expected;

    @Setup(Level.Trial)
    public void setUp(StreamBenchmark bench) {
      Streams streams = bench.recall.streams();
      members = new ArrayList<>();
      for (int c = 0; c < consumers; c++) {
        members.add(streams.consumer(ConsumerConfig.builder("bench", "consumer-" + c).batchSize(500)
            .blockTime(Duration.ofMillis(20)).handler(channel, Order.class, message -> handled.increment())
            .build()));
      }
      threads = Executors.newFixedThreadPool(consumers);
    }

    /** Fills the channel before each consume invocation; not timed. */
    @Setup(Level.Invocation)
    public void fill(StreamBenchmark bench) {
      for (List<Message<Order>> batch : bench.batches) {
        bench.sender.sendAll(channel, batch);
      }
      expected += MESSAGES;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      members.forEach(Consumer::close);
      threads.shutdownNow();
    }
  }

  /** Sends 100,000 messages to a fresh channel in batches of 1,000 (one round trip each). */
  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public int send() {
    String target = "bench-send-" + channelNumber++;
    int sent = 0;
    for (List<Message<Order>> batch : batches) {
      sent += sender.sendAll(target, batch).size();
    }
    return sent;
  }

  /** Consumes, decodes and acknowledges the 100,000 messages just sent, with the group's consumers. */
  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public long consume(Group group) throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    List<Future<?>> running = new ArrayList<>();
    for (Consumer consumer : group.members) {
      running.add(group.threads.submit(() -> {
        while (!done.get() && group.handled.sum() < group.expected) {
          consumer.consumeOnce();
        }
        done.set(true);
        return null;
      }));
    }
    for (Future<?> future : running) {
      future.get();
    }
    return group.handled.sum();
  }
}
