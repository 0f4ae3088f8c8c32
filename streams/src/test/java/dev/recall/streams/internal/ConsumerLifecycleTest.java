package dev.recall.streams.internal;

import static dev.recall.streams.internal.StreamsFixture.quick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallClient;
import dev.recall.contract.Await;
import dev.recall.stream.Consumer;
import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.Message;
import dev.recall.stream.Streams;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.testkit.RedisTarget;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A consumer's lifecycle through each driver against a real server: {@link Consumer#run()}, {@link Consumer#close()}
 * with handlers in flight and the shutdown timeout, and {@link Consumer#cleanUp()}.
 */
@ParameterizedClass
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class ConsumerLifecycleTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Parameter
  String driver;

  private StreamsFixture fixture;
  private RecallClient client;
  private Streams streams;

  @BeforeEach
  void connect(RedisTarget target) {
    fixture = new StreamsFixture(target, driver);
    client = fixture.client;
    streams = fixture.streams;
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private Consumer consumer(ConsumerConfig config) {
    return fixture.consumer(config);
  }

  @Test
  void run_consumesUntilStopped_thenReturns_andCannotRunAgain() throws Exception {
    Set<Integer> handled = ConcurrentHashMap.newKeySet();
    Consumer consumer = consumer(quick("g", "c").handler("jobs", Integer.class, m -> handled.add(m.body())).build());
    Thread runner = Thread.ofVirtual().start(consumer::run);
    Await.until(WAIT, consumer::isRunning, () -> "the consumer to start");

    streams.sender().sendAll("jobs", IntStream.range(0, 10).mapToObj(i -> Message.of("job", i)).toList());
    Await.until(WAIT, () -> handled.size() == 10, handled::toString);
    assertThat(runner.isAlive()).as("run() blocks while the consumer runs").isTrue();

    assertThat(consumer.stop(Duration.ofSeconds(5))).isTrue();
    assertThat(runner.join(WAIT)).as("run() returned after stop").isTrue();
    assertThat(consumer.isRunning()).isFalse();
    assertThat(streams.pending("jobs", "g")).isZero();
    assertThatThrownBy(consumer::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
  }

  @Test
  void run_callerInterrupted_stopsGracefully_lettingTheHandlerInFlightFinish() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    Consumer consumer = consumer(quick("g", "c").shutdownTimeout(WAIT).handler("jobs", Integer.class, m -> {
      started.countDown();
      release.await();
      finished.set(true);
    }).build());
    streams.sender().send("jobs", Message.of("job", 1));
    AtomicBoolean interruptKept = new AtomicBoolean();
    Thread runner = Thread.ofVirtual().start(() -> {
      consumer.run();
      interruptKept.set(Thread.currentThread().isInterrupted());
    });
    assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    runner.interrupt();
    Await.until(WAIT, () -> !consumer.isRunning(), () -> "the interrupt to stop the consumer");
    assertThat(runner.isAlive()).as("run() waits for the handler in flight").isTrue();
    release.countDown();
    assertThat(runner.join(WAIT)).isTrue();
    assertThat(finished).isTrue();
    assertThat(interruptKept).as("the caller's interrupt flag is set again").isTrue();
    assertThat(streams.pending("jobs", "g")).as("finished in time, so acknowledged").isZero();
  }

  @Test
  void close_waitsForHandlersInFlight_withinTheShutdownTimeout_andAcknowledgesThem() throws Exception {
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    Set<Integer> finished = ConcurrentHashMap.newKeySet();
    Consumer consumer = consumer(quick("g", "c").shutdownTimeout(WAIT).handler("jobs", Integer.class, m -> {
      started.countDown();
      release.await();
      finished.add(m.body());
    }).build());
    streams.sender().sendAll("jobs", List.of(Message.of("job", 1), Message.of("job", 2)));
    consumer.start();
    assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    Thread closer = Thread.ofVirtual().start(consumer::close);
    Await.until(WAIT, () -> !consumer.isRunning(), () -> "close() to begin");
    assertThat(closer.isAlive()).as("close() waits for the handlers in flight").isTrue();
    release.countDown();
    assertThat(closer.join(WAIT)).isTrue();
    assertThat(finished).containsExactlyInAnyOrder(1, 2);
    assertThat(streams.pending("jobs", "g")).isZero();
  }

  @Test
  void close_abandonsHandlersStillRunningAfterTheShutdownTimeout_leavingTheirEntriesPending() throws Exception {
    Duration timeout = Duration.ofMillis(300);
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Consumer consumer = consumer(quick("g", "c").shutdownTimeout(timeout).handler("jobs", Integer.class, m -> {
      started.countDown();
      try {
        new CountDownLatch(1).await(); // never returns by itself
      } catch (InterruptedException e) {
        interrupted.set(true);
        throw e;
      }
    }).build());
    streams.sender().send("jobs", Message.of("job", 1));
    consumer.start();
    assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    long begin = System.nanoTime();
    consumer.close();
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    // The time is the point here: close() gives up at the shutdown timeout, not before and not much after.
    assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(Duration.ofSeconds(5));
    Await.until(WAIT, interrupted::get, () -> "the abandoned handler to be interrupted");
    assertThat(consumer.isRunning()).isFalse();
    assertThat(streams.pending("jobs", "g")).as("left for this or another consumer to reclaim").isEqualTo(1);
  }

  @Test
  void cleanUp_deletesTheAcknowledgedEntriesOfEveryChannel_andKeepsUnreadOnes() {
    streams.sender().sendAll("orders", IntStream.range(0, 3).mapToObj(i -> Message.of("o", i)).toList());
    streams.sender().sendAll("refunds", IntStream.range(0, 2).mapToObj(i -> Message.of("r", i)).toList());
    Consumer consumer = consumer(quick("g", "c").handler("orders", Integer.class, m -> { })
        .handler("refunds", Integer.class, m -> { }).build());
    assertThat(consumer.consumeOnce()).isEqualTo(5);
    streams.sender().send("orders", Message.of("o", 3)); // not read yet

    assertThat(consumer.cleanUp()).isEqualTo(5);
    assertThat(streams.length("orders")).isEqualTo(1);
    assertThat(streams.length("refunds")).isZero();
    assertThat(consumer.cleanUp()).isZero();
  }
}
