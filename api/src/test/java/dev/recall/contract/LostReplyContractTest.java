package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallClient;
import dev.recall.RecallConnectionException;
import dev.recall.RedisConfig;
import dev.recall.codec.Codecs;
import dev.recall.map.RecallMap;
import dev.recall.queue.RecallQueue;
import dev.recall.testkit.CuttingProxy;
import dev.recall.testkit.RedisServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A command that reached the server and ran, but whose reply was lost with its connection, is never sent again: the
 * caller gets a {@link RecallConnectionException} (its outcome is unknown), and a counter or a queue is not changed a
 * second time behind its back once the client has reconnected. A proxy between client and server drops the reply
 * and then cuts the connection.
 */
class LostReplyContractTest {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration BOUND = Duration.ofSeconds(10);

  @Test
  void commandsWhoseReplyWasLost_failTyped_andAreNeverSentAgain() throws Exception {
    try (RedisServer server = RedisServer.spawn();
        CuttingProxy proxy = CuttingProxy.start(server.host(), server.port());
        RecallClient client = Clients.connect(RedisConfig.fromUrl(server.url()).toBuilder()
            .host(proxy.host()).port(proxy.port())
            .commandTimeout(COMMAND_TIMEOUT).connectTimeout(Duration.ofSeconds(1)).build());
        RecallClient direct = Clients.connect(server);
        var callers = Executors.newVirtualThreadPerTaskExecutor()) {
      RecallMap<String, Long> counters = client.map("lost", Codecs.string(), Codecs.json(Long.class));
      RecallQueue<String> jobs = client.queue("lost-jobs", Codecs.string());
      RecallMap<String, Long> countersSeenDirectly = direct.map("lost", Codecs.string(), Codecs.json(Long.class));
      RecallQueue<String> jobsSeenDirectly = direct.queue("lost-jobs", Codecs.string());
      assertThat(counters.increment("n", 1)).isEqualTo(1);

      proxy.holdReplies();
      CompletableFuture<Long> increment = CompletableFuture.supplyAsync(() -> counters.increment("n", 1), callers);
      CompletableFuture<Void> put = CompletableFuture.runAsync(() -> jobs.put("job-1"), callers);
      Await.until(BOUND, () -> countersSeenDirectly.get("n").orElse(0L) == 2 && jobsSeenDirectly.qsize() == 1,
          () -> "the server ran both commands (n=" + countersSeenDirectly.get("n") + ", queue "
              + jobsSeenDirectly.qsize() + ")");
      proxy.cutConnections();
      proxy.forwardReplies();

      for (CompletableFuture<?> lost : java.util.List.of(increment, put)) {
        assertThatThrownBy(() -> lost.get(BOUND.toMillis(), TimeUnit.MILLISECONDS))
            .as("a call whose reply was lost")
            .isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(RecallConnectionException.class);
      }
      // The same client reconnects; a resent command would be flushed ahead of these on the new connection.
      Await.until(BOUND, () -> readsThroughTheProxy(() -> counters.get("n").orElse(-1L)) == 2,
          () -> "the client reads again through a new connection");
      assertThat(counters.increment("n", 10)).as("ran exactly once each").isEqualTo(12);
      assertThat(jobs.qsize()).isEqualTo(1);
      // A pause, not a wait: nothing should happen, and a resent command would have reached the server by now.
      Thread.sleep(300);
      assertThat(countersSeenDirectly.get("n")).contains(12L);
      assertThat(jobsSeenDirectly.qsize()).as("the job was queued once").isEqualTo(1);
      assertThat(proxy.acceptedConnections()).as("a new connection was opened").isGreaterThan(1);
    }
  }

  private static long readsThroughTheProxy(Supplier<Long> read) {
    try {
      return read.get();
    } catch (RecallConnectionException e) {
      return -1;
    }
  }
}
