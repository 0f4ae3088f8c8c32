package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.testkit.CuttingProxy;
import dev.recall.testkit.RedisServer;
import dev.recall.tracking.CallTracker;
import dev.recall.tracking.RecordedCall;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tracked call's record is neither lost nor applied twice when its connection is cut before the reply: the
 * record applies a request id once, so the client resends it within the command timeout. Cut after the server ran
 * it (the reply lost), the resend changes nothing; cut before it ran (the command lost), the resend records it.
 * Either way the call returns normally and counts once, with one history entry. A proxy between client and server
 * drops the replies or the commands, then cuts the connection.
 */
class CutRecordContractTest {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration BOUND = Duration.ofSeconds(10);

  private RedisServer server;
  private CuttingProxy proxy;
  private RecallClient client;
  private RecallClient direct;
  private ExecutorService callers;

  @BeforeEach
  void start() {
    server = RedisServer.spawn();
    proxy = CuttingProxy.start(server.host(), server.port());
    client = Clients.connect(RedisConfig.fromUrl(server.url()).toBuilder().host(proxy.host()).port(proxy.port())
        .commandTimeout(COMMAND_TIMEOUT).connectTimeout(Duration.ofSeconds(1)).build());
    direct = Clients.connect(server);
    callers = Executors.newVirtualThreadPerTaskExecutor();
  }

  @AfterEach
  void stop() {
    callers.shutdownNow();
    client.close();
    direct.close();
    proxy.close();
    server.close();
  }

  @Test
  void replyLost_theResentRecordChangesNothing() throws Exception {
    CallTracker seen = direct.tracking();
    Function<Integer, Integer> doubled = client.tracking().trackCalls("cut-reply").function(n -> n * 2);
    assertThat(doubled.apply(1)).isEqualTo(2);

    proxy.holdReplies();
    CompletableFuture<Integer> call = CompletableFuture.supplyAsync(() -> doubled.apply(2), callers);
    Await.until(BOUND, () -> seen.count("cut-reply") == 2, () -> "the server to record the second call");
    proxy.cutConnections();
    proxy.forwardReplies();

    assertThat(call.get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(4);
    assertOnce(seen, "cut-reply");
  }

  @Test
  void commandLost_theResentRecordCountsTheCall() throws Exception {
    CallTracker seen = direct.tracking();
    Function<Integer, Integer> doubled = client.tracking().trackCalls("cut-request").function(n -> n * 2);
    assertThat(doubled.apply(1)).isEqualTo(2);

    proxy.holdRequests();
    CompletableFuture<Integer> call = CompletableFuture.supplyAsync(() -> doubled.apply(2), callers);
    // The call's body runs before its record is sent; the record is then written and dropped.
    Await.until(BOUND, () -> proxy.droppedRequestBytes() > 0, () -> "the call to send its record");
    proxy.cutConnections();
    proxy.forwardRequests();

    assertThat(call.get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(4);
    assertOnce(seen, "cut-request");
  }

  /** The second call counts once and is in the history once, and nothing changes a moment later. */
  private static void assertOnce(CallTracker seen, String name) throws InterruptedException {
    assertThat(seen.count(name)).as("counted once").isEqualTo(2);
    List<RecordedCall> calls = seen.replay(name).calls();
    assertThat(calls).as("one history entry per call").hasSize(2);
    assertThat(calls.get(1).output()).isEqualTo("4");
    // A pause, not a wait: nothing should happen, and a late resend would have reached the server by now.
    Thread.sleep(300);
    assertThat(seen.count(name)).isEqualTo(2);
    assertThat(seen.replay(name).calls()).hasSize(2);
  }
}
