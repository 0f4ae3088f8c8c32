package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.QueueEmptyException;
import dev.recall.RecallClient;
import dev.recall.codec.Codecs;
import dev.recall.queue.AsyncRecallQueue;
import dev.recall.queue.AsyncReliableQueue;
import dev.recall.queue.Delivery;
import dev.recall.queue.RecallQueue;
import dev.recall.queue.ReliableQueue;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.testkit.RedisTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The queue: FIFO, blocking and non-blocking takes, many producers and consumers, reliable mode, async. */
@ExtendWith(RedisServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueContractTest {
  private RecallClient client;
  private RecallClient otherProcess;
  private RedisTarget server;

  @BeforeAll
  void connect(RedisTarget server) {
    this.server = server;
    client = Clients.connect(server);
    otherProcess = Clients.connect(server);
  }

  @AfterAll
  void close() {
    client.close();
    otherProcess.close();
  }

  @Test
  void items_comeOutInFifoOrder() {
    RecallQueue<Integer> queue = client.queue("jobs", Codecs.json(Integer.class));
    for (int i = 0; i < 50; i++) {
      queue.put(i);
    }
    assertThat(queue.qsize()).isEqualTo(50);
    assertThat(queue.empty()).isFalse();
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      out.add(i % 2 == 0 ? queue.getNowait() : queue.get(Duration.ofSeconds(1)).orElseThrow());
    }
    assertThat(out).isEqualTo(java.util.stream.IntStream.range(0, 50).boxed().toList());
    assertThat(queue.empty()).isTrue();
  }

  @Test
  void getNowait_onAnEmptyQueue_throwsQueueEmptyException_namingIt() {
    RecallQueue<String> queue = client.queue("nothing", Codecs.string());
    assertThatThrownBy(queue::getNowait).isInstanceOf(QueueEmptyException.class)
        .hasMessageContaining("nothing")
        .satisfies(e -> assertThat(((QueueEmptyException) e).queue()).isEqualTo("nothing"));
  }

  @Test
  void get_withTimeout_returnsEmptyWhenNothingComes_andAnItemPutMeanwhile() throws Exception {
    RecallQueue<String> queue = client.queue("waits", Codecs.string());
    assertThat(queue.get(Duration.ofMillis(100))).isEmpty();
    // A consumer on a virtual thread waits on the server; a producer in another process wakes it.
    CompletableFuture<Optional<String>> waiting = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> waiting.complete(queue.get(Duration.ofSeconds(10))));
    Await.blockedClients(server, 1);
    otherProcess.queue("waits", Codecs.string()).put("wake up");
    assertThat(waiting.get(10, TimeUnit.SECONDS)).contains("wake up");

    CompletableFuture<String> forever = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> forever.complete(queue.get()));
    Await.blockedClients(server, 1);
    queue.put("at last");
    assertThat(forever.get(10, TimeUnit.SECONDS)).isEqualTo("at last");
  }

  @Test
  void manyProducersAndConsumers_acrossTwoClients_loseAndDuplicateNothing() throws Exception {
    int producers = 4;
    int perProducer = 500;
    int total = producers * perProducer;
    Set<String> received = ConcurrentHashMap.newKeySet();
    AtomicInteger duplicates = new AtomicInteger();
    AtomicInteger count = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        RecallQueue<String> queue = (c % 2 == 0 ? client : otherProcess).queue("work", Codecs.string());
        tasks.add(pool.submit(() -> {
          while (count.get() < total) {
            Optional<String> item = queue.get(Duration.ofMillis(200));
            if (item.isPresent()) {
              count.incrementAndGet();
              if (!received.add(item.get())) {
                duplicates.incrementAndGet();
              }
            }
          }
          return null;
        }));
      }
      for (int p = 0; p < producers; p++) {
        int producer = p;
        RecallQueue<String> queue = (p % 2 == 0 ? otherProcess : client).queue("work", Codecs.string());
        tasks.add(pool.submit(() -> {
          for (int i = 0; i < perProducer; i++) {
            queue.put(producer + ":" + i);
          }
          return null;
        }));
      }
      for (Future<?> task : tasks) {
        task.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(duplicates).hasValue(0);
    assertThat(received).hasSize(total);
    assertThat(client.queue("work", Codecs.string()).qsize()).isZero();
  }

  @Test
  void reliable_aConsumerThatDiesMidItem_losesNothing_afterRequeue() {
    client.queue("orders", Codecs.string()).put("a");
    ReliableQueue<String> dying = client.reliableQueue("orders", "worker-1", Codecs.string());
    dying.put("b");
    dying.put("c");
    Delivery<String> a = dying.getNowait();
    assertThat(a.value()).isEqualTo("a");
    assertThat(dying.confirm(a)).isTrue();
    assertThat(dying.confirm(a)).as("already confirmed").isFalse();
    Delivery<String> b = dying.get(Duration.ofSeconds(1)).orElseThrow();
    assertThat(b.value()).isEqualTo("b");
    // worker-1 dies here without confirming b: b waits in its processing list, not in the queue.
    assertThat(dying.unconfirmed()).isEqualTo(1);
    assertThat(server.command("LRANGE", key("orders") + ":processing:worker-1", "0", "-1")).isEqualTo(List.of("b"));
    assertThat(dying.qsize()).isEqualTo(1);

    ReliableQueue<String> rescuer = otherProcess.reliableQueue("orders", "worker-2", Codecs.string());
    assertThat(rescuer.requeueUnconfirmed("worker-1")).isEqualTo(1);
    assertThat(dying.unconfirmed()).isZero();
    assertThat(rescuer.getNowait().value()).isEqualTo("b");
    assertThat(rescuer.getNowait().value()).isEqualTo("c");
    assertThat(rescuer.unconfirmed()).isEqualTo(2);
    assertThat(rescuer.requeueUnconfirmed()).as("its own, oldest first").isEqualTo(2);
    assertThat(client.queue("orders", Codecs.string()).getNowait()).isEqualTo("b");
    assertThat(client.queue("orders", Codecs.string()).getNowait()).isEqualTo("c");
    assertThatThrownBy(rescuer::getNowait).isInstanceOf(QueueEmptyException.class);
    assertThat(rescuer.get(Duration.ofMillis(50))).isEmpty();
  }

  @Test
  void badArguments_areRefusedBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> client.queue(" ", Codecs.string())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.reliableQueue("q", "", Codecs.string()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consumer");
    RecallQueue<String> queue = client.queue("q", Codecs.string());
    assertThatThrownBy(() -> queue.put(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> queue.get(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThat(server.command("EXISTS", key("q"))).isEqualTo(0L);
  }

  @Test
  void async_formsMatchTheBlockingOnes() throws Exception {
    AsyncRecallQueue<Integer> queue = client.queue("async", Codecs.json(Integer.class)).async();
    assertThat(queue.getNowait()).failsWithin(5, TimeUnit.SECONDS)
        .withThrowableThat().havingCause().isInstanceOf(QueueEmptyException.class);
    CompletableFuture<Optional<Integer>> waiting = queue.get(Duration.ofSeconds(10));
    Await.blockedClients(server, 1);
    queue.put(1).get(5, TimeUnit.SECONDS);
    assertThat(waiting.get(10, TimeUnit.SECONDS)).contains(1);
    queue.put(2).get(5, TimeUnit.SECONDS);
    queue.put(3).get(5, TimeUnit.SECONDS);
    assertThat(queue.qsize().get(5, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(queue.getNowait().get(5, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(queue.get(Duration.ofMillis(50)).get(5, TimeUnit.SECONDS)).contains(3);
    assertThat(queue.empty().get(5, TimeUnit.SECONDS)).isTrue();

    AsyncReliableQueue<Integer> reliable = client.reliableQueue("async", "w", Codecs.json(Integer.class)).async();
    reliable.put(4).get(5, TimeUnit.SECONDS);
    reliable.put(5).get(5, TimeUnit.SECONDS);
    Delivery<Integer> four = reliable.getNowait().get(5, TimeUnit.SECONDS);
    Delivery<Integer> five = reliable.get(Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS).orElseThrow();
    assertThat(List.of(four.value(), five.value())).containsExactly(4, 5);
    assertThat(reliable.confirm(four).get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(reliable.unconfirmed().get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(reliable.requeueUnconfirmed().get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(reliable.qsize().get(5, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void reliable_empty_isAboutWaitingItems_notUnconfirmedOnes() {
    ReliableQueue<String> queue = client.reliableQueue("empties", "worker-1", Codecs.string());
    assertThat(queue.empty()).isTrue();
    queue.put("a");
    assertThat(queue.empty()).isFalse();
    Delivery<String> a = queue.getNowait();
    assertThat(queue.empty()).as("a taken item waits for confirmation, not in the queue").isTrue();
    assertThat(queue.unconfirmed()).isEqualTo(1);
    assertThat(queue.requeueUnconfirmed()).isEqualTo(1);
    assertThat(queue.empty()).as("requeued").isFalse();
    assertThat(queue.confirm(queue.getNowait())).isTrue();
    assertThat(queue.confirm(a)).as("the same item, already confirmed").isFalse();
    assertThat(queue.empty()).isTrue();
    otherProcess.queue("empties", Codecs.string()).put("b");
    assertThat(queue.empty()).as("an item put by another client through the plain queue").isFalse();
  }

  /** The queue's list as named in Redis: hash-tagged on a cluster, so the processing lists share its slot. */
  private String key(String name) {
    return server.isCluster() ? "{" + name + "}" : name;
  }
}
