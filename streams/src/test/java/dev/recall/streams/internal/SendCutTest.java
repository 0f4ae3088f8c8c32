package dev.recall.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.contract.Await;
import dev.recall.stream.Message;
import dev.recall.stream.Sender;
import dev.recall.testkit.CuttingProxy;
import dev.recall.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A send whose connection is cut before its reply appends its messages once: not lost, not doubled. Cut after the
 * server ran it (the reply lost), the resent request appends nothing and returns the same ids; cut before it ran
 * (the request lost), the resent request appends them. A proxy between client and server drops the replies or the
 * requests, then cuts the connection. Through each driver.
 */
@ParameterizedClass
@ValueSource(strings = {"lettuce", "jedis"})
class SendCutTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final String STREAM = "recall:stream:{cut}";

  @Parameter
  String driver;

  private RedisServer server;
  private CuttingProxy proxy;
  private RecallClient client;
  private ExecutorService callers;

  @BeforeEach
  void start() {
    server = RedisServer.spawn();
    proxy = CuttingProxy.start(server.host(), server.port());
    client = Recall.connect(RedisConfig.fromUrl(server.url()).toBuilder().host(proxy.host()).port(proxy.port())
        .commandTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(1)).build(), driver);
    callers = Executors.newVirtualThreadPerTaskExecutor();
  }

  @AfterEach
  void stop() {
    callers.shutdownNow();
    client.close();
    proxy.close();
    server.close();
  }

  @Test
  void replyLost_theResentSendAppendsNothing_andReturnsTheSameId() throws Exception {
    Sender sender = client.streams().sender();
    sender.send("cut", Message.of("first", 1));

    proxy.holdReplies();
    CompletableFuture<String> send = CompletableFuture.supplyAsync(() -> sender.send("cut", Message.of("second", 2)),
        callers);
    Await.until(BOUND, () -> length() == 2, () -> "the server to append the second message");
    proxy.cutConnections();
    proxy.forwardReplies();

    String id = send.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(lastId()).as("the id of the one append").isEqualTo(id);
    assertOnce(2);
  }

  @Test
  void requestLost_theResentSendAppends() throws Exception {
    Sender sender = client.streams().sender();
    sender.send("cut", Message.of("first", 1));

    proxy.holdRequests();
    CompletableFuture<String> send = CompletableFuture.supplyAsync(() -> sender.send("cut", Message.of("second", 2)),
        callers);
    Await.until(BOUND, () -> proxy.droppedRequestBytes() > 0, () -> "the send to be written");
    proxy.cutConnections();
    proxy.forwardRequests();

    String id = send.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(lastId()).isEqualTo(id);
    assertOnce(2);
  }

  @Test
  void batchReplyLost_everyChunkAppendsOnce() throws Exception {
    Sender sender = client.streams().sender();
    // Loads the script first: a NOSCRIPT answer would be dropped with the other replies.
    sender.send("cut", Message.of("first", -1));
    List<Message<Integer>> messages = new ArrayList<>();
    for (int i = 0; i < 2 * DefaultSender.CHUNK + 10; i++) {
      messages.add(Message.of("m", i));
    }
    proxy.holdReplies();
    CompletableFuture<List<String>> send = CompletableFuture.supplyAsync(() -> sender.sendAll("cut", messages),
        callers);
    Await.until(BOUND, () -> length() == 1 + DefaultSender.CHUNK, () -> "the server to append the first chunk");
    proxy.cutConnections();
    proxy.forwardReplies();

    List<String> ids = send.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(ids).hasSize(messages.size()).doesNotHaveDuplicates();
    assertOnce(1 + messages.size());
  }

  private long length() {
    return (Long) server.command("XLEN", STREAM);
  }

  private String lastId() {
    List<?> last = (List<?>) server.command("XREVRANGE", STREAM, "+", "-", "COUNT", "1");
    return String.valueOf(((List<?>) last.get(0)).get(0));
  }

  /** The stream holds {@code messages} entries, and still does a moment later (a late resend would show by then). */
  private void assertOnce(long messages) throws InterruptedException {
    assertThat(length()).as("appended once").isEqualTo(messages);
    // A pause, not a wait: nothing should happen.
    Thread.sleep(300);
    assertThat(length()).isEqualTo(messages);
  }
}
