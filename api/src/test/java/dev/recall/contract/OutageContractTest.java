package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Cache;
import dev.recall.RecallClient;
import dev.recall.RecallConnectionException;
import dev.recall.RecallTimeoutException;
import dev.recall.RedisConfig;
import dev.recall.testkit.RedisServer;
import dev.recall.tracking.CallTracker;
import dev.recall.tracking.TrackingOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Faults under load: the server killed and restarted twice while 8 threads use the cache and call tracking, and a
 * server paused past the command timeout. Calls during an outage fail with {@link RecallConnectionException} in
 * bounded time (never hang, never return a wrong value), tracked calls still return their result, and the same
 * client works again after each restart.
 */
class OutageContractTest {
  private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
  /** The longest any one call may take during an outage: the timeouts plus scheduling slack on a busy machine. */
  private static final Duration CALL_BOUND = Duration.ofSeconds(4);
  private static final int THREADS = 8;
  private static final Duration AWAIT_BOUND = Duration.ofSeconds(15);

  @Test
  void serverKilledAndRestartedTwice_under8Threads_callsFailTyped_andRecoverWithoutANewClient() throws Exception {
    try (RedisServer server = RedisServer.spawn();
        RecallClient client = Clients.connect(RedisConfig.fromUrl(server.url()).toBuilder()
            .commandTimeout(COMMAND_TIMEOUT).connectTimeout(COMMAND_TIMEOUT).poolSize(THREADS).build());
        ExecutorService threads = Executors.newFixedThreadPool(THREADS)) {
      Cache cache = client.cache("outage");
      CallTracker tracker = client.tracking(TrackingOptions.builder().prefix("outage:calls:").build());
      Function<Integer, Integer> square = tracker.countCalls("square").function(x -> x * x);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong successes = new AtomicLong();
      AtomicLong connectionFailures = new AtomicLong();
      AtomicLong slowest = new AtomicLong();
      Queue<Throwable> wrong = new ConcurrentLinkedQueue<>();
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        workers.add(threads.submit(() -> {
          for (int i = 0; !stop.get(); i++) {
            long start = System.nanoTime();
            try {
              String value = thread + ":" + i;
              String key = cache.store(value, Duration.ofMinutes(5));
              Optional<String> read = cache.getString(key);
              // After a restart the server is empty, so a miss is fine; a different value never is.
              if (read.isPresent() && !read.get().equals(value)) {
                wrong.add(new AssertionError("read " + read.get() + " for " + value));
              }
              if (square.apply(i) != i * i) {
                wrong.add(new AssertionError("a tracked call returned a wrong result"));
              }
              successes.incrementAndGet();
            } catch (RecallConnectionException e) {
              connectionFailures.incrementAndGet();
            } catch (Throwable e) {
              wrong.add(e);
            }
            slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
          }
        }));
      }
      try {
        for (int round = 1; round <= 2; round++) {
          String nth = " " + round;
          long before = successes.get();
          Await.until(AWAIT_BOUND, () -> successes.get() > before + 50, () -> "calls succeeding before outage" + nth);
          server.kill();
          long failuresBefore = connectionFailures.get();
          Await.until(AWAIT_BOUND, () -> connectionFailures.get() > failuresBefore + THREADS,
              () -> "calls failing during the outage");
          server.restart();
          long afterRestart = successes.get();
          Await.until(AWAIT_BOUND, () -> successes.get() > afterRestart + 50,
              () -> "calls succeeding after restart" + nth);
        }
      } finally {
        stop.set(true);
        for (Future<?> worker : workers) {
          worker.get(10, TimeUnit.SECONDS);
        }
      }
      assertThat(wrong).as("only RecallConnectionException, and never a wrong value").isEmpty();
      assertThat(Duration.ofNanos(slowest.get())).as("the slowest call").isLessThan(CALL_BOUND);
      assertThat(cache.getString(cache.store("after"))).contains("after");
      assertThat(client.health().ok()).isTrue();
    }
  }

  @Test
  void pausedServer_pastTheCommandTimeout_callsEndWithRecallTimeoutException_inBoundedTime() throws Exception {
    try (RedisServer server = RedisServer.spawn();
        RecallClient client = Clients.connect(RedisConfig.fromUrl(server.url()).toBuilder()
            .commandTimeout(Duration.ofMillis(300)).poolSize(THREADS).build());
        ExecutorService threads = Executors.newFixedThreadPool(THREADS)) {
      Cache cache = client.cache("paused");
      String key = cache.store("kept");
      server.command("CLIENT", "PAUSE", "2500", "ALL");
      long start = System.nanoTime();
      List<Future<Throwable>> calls = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        calls.add(threads.submit(() -> {
          try {
            cache.getString(key);
            return null;
          } catch (Throwable e) {
            return e;
          }
        }));
      }
      Throwable async = null;
      try {
        cache.async().getString(key).get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        async = e.getCause();
      }
      for (Future<Throwable> call : calls) {
        assertThat(call.get(5, TimeUnit.SECONDS)).isInstanceOf(RecallTimeoutException.class);
      }
      assertThat(async).isInstanceOf(RecallTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("well before the pause ends")
          .isLessThan(Duration.ofMillis(2400));
      Await.until(AWAIT_BOUND, () -> client.health().ok(), () -> "the client to work again");
      assertThat(cache.getString(key)).contains("kept");
    }
  }
}
