package dev.recall.lettuce;

import static dev.recall.spi.CommandArgs.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RecallCommandException;
import dev.recall.RecallConnectionException;
import dev.recall.RecallTimeoutException;
import dev.recall.RedisConfig;
import dev.recall.contract.Await;
import dev.recall.spi.Command;
import dev.recall.spi.DriverConnection;
import dev.recall.internal.RedisCommands;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.Script;
import dev.recall.internal.SetCondition;
import dev.recall.testkit.Prerequisites;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Lettuce driver against a real server: reply shapes, errors, batches, blocking commands and failures. */
@ExtendWith(RedisServerExtension.class)
class LettuceDriverTest {
  private static final Script ECHO = Script.of("echo",
      "return {KEYS[1], ARGV[1], redis.call('INCRBY', KEYS[1], ARGV[1])}");

  @Test
  void serviceLoader_findsTheDriverByName(RedisServer server) {
    try (RecallClient client = connect(server)) {
      assertThat(client.driverName()).isEqualTo("lettuce");
    }
  }

  @Test
  void strings_roundTrip_nilAndInteger(RedisServer server) {
    try (RecallClient client = connect(server)) {
      CommandExecutor redis = client.executor();
      byte[] value = {0, (byte) 0xff, '\r', '\n', 'v'};
      assertThat(redis.execute(RedisCommands.set(utf8("k"), value, null, SetCondition.ALWAYS))).isTrue();
      assertThat(redis.execute(RedisCommands.get(utf8("k")))).isEqualTo(value);
      assertThat(redis.execute(RedisCommands.get(utf8("missing")))).isNull();
      assertThat(redis.execute(RedisCommands.incrBy(utf8("n"), 41))).isEqualTo(41L);
      assertThat(redis.executeAsync(RedisCommands.incrBy(utf8("n"), 1)).join()).isEqualTo(42L);
    }
  }

  @Test
  void rawReplies_haveTheSharedShape(RedisServer server) {
    try (DriverConnection connection = new LettuceDriver().connect(config(server))) {
      assertThat(connection.send(RedisCommands.raw("SET", "s", "v"))).isEqualTo(utf8("OK"));
      assertThat(connection.send(RedisCommands.raw("PING"))).isEqualTo(utf8("PONG"));
      assertThat(connection.send(RedisCommands.raw("STRLEN", "s"))).isEqualTo(1L);
      assertThat(connection.send(RedisCommands.raw("GET", "nope"))).isNull();
      // An empty array, a nil array and a nil bulk string are three different replies.
      assertThat(connection.send(RedisCommands.raw("LRANGE", "nolist", "0", "-1"))).isEqualTo(List.of());
      assertThat(connection.send(RedisCommands.raw("XREAD", "COUNT", "1", "STREAMS", "nostream", "0"))).isNull();

      Object nested = connection.send(RedisCommands.raw("EVAL",
          "return {1, {2, {3, 'x'}, {}}, {}, false, 'end'}", "0"));
      assertThat(nested).isInstanceOf(List.class);
      List<?> top = (List<?>) nested;
      assertThat(top).hasSize(5);
      assertThat(top.get(0)).isEqualTo(1L);
      List<?> second = (List<?>) top.get(1);
      assertThat(second.get(0)).isEqualTo(2L);
      List<?> third = (List<?>) second.get(1);
      assertThat(third.get(0)).isEqualTo(3L);
      assertThat((byte[]) third.get(1)).isEqualTo(utf8("x"));
      assertThat(second.get(2)).isEqualTo(List.of());
      assertThat(top.get(2)).isEqualTo(List.of());
      assertThat(top.get(3)).isNull();
      assertThat((byte[]) top.get(4)).isEqualTo(utf8("end"));
    }
  }

  @Test
  void errorNestedInAnArray_becomesAnElement(RedisServer server) {
    try (DriverConnection connection = new LettuceDriver().connect(config(server))) {
      Object reply = connection.send(RedisCommands.raw("EVAL", "return {1, redis.error_reply('BOOM it broke')}", "0"));
      List<?> items = (List<?>) reply;
      assertThat(items.get(0)).isEqualTo(1L);
      assertThat(items.get(1)).isInstanceOfSatisfying(RecallCommandException.class,
          e -> assertThat(e.errorCode()).isEqualTo("BOOM"));
      assertThat(connection.send(RedisCommands.ping())).isEqualTo(utf8("PONG"));
    }
  }

  @Test
  void streams_nestedRepliesParse(RedisServer server) {
    try (RecallClient client = connect(server)) {
      CommandExecutor redis = client.executor();
      byte[] stream = utf8("st");
      String first = new String((byte[]) redis.execute(RedisCommands.raw("XADD", "st", "*", "a", "1")),
          StandardCharsets.UTF_8);
      redis.execute(RedisCommands.raw("XADD", "st", "*", "b", "2", "c", "3"));
      redis.execute(RedisCommands.raw("XGROUP", "CREATE", "st", "g", "0"));

      Object raw = redis.execute(RedisCommands.raw("XREADGROUP", "GROUP", "g", "c", "COUNT", "5", "STREAMS", "st", ">"));
      List<?> streams = (List<?>) raw;
      List<?> streamReply = (List<?>) streams.get(0);
      assertThat((byte[]) streamReply.get(0)).isEqualTo(stream);
      List<?> entries = (List<?>) streamReply.get(1);
      assertThat(entries).hasSize(2);
      List<?> secondFields = (List<?>) ((List<?>) entries.get(1)).get(1);
      assertThat(secondFields).hasSize(4);

      // Pending entries re-read with id 0: a blocking read, which goes to a dedicated connection.
      List<?> pending = (List<?>) redis.execute(Command.blocking("XREADGROUP", stream, 100,
          new byte[][] {utf8("GROUP"), utf8("g"), utf8("c"), utf8("COUNT"), utf8("10"), utf8("BLOCK"), utf8("100"),
              utf8("STREAMS"), stream, utf8("0")}, reply -> reply));
      List<?> pendingEntries = (List<?>) ((List<?>) pending.get(0)).get(1);
      assertThat(new String((byte[]) ((List<?>) pendingEntries.get(0)).get(0), StandardCharsets.UTF_8))
          .isEqualTo(first);
      assertThat(pendingEntries).hasSize(2);
    }
  }

  @Test
  void errorReply_isACommandExceptionWithItsCode_syncAndAsync(RedisServer server) {
    try (RecallClient client = connect(server)) {
      CommandExecutor redis = client.executor();
      redis.execute(RedisCommands.rpush(utf8("list"), utf8("a")));
      assertThatThrownBy(() -> redis.execute(RedisCommands.get(utf8("list"))))
          .isInstanceOfSatisfying(RecallCommandException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("WRONGTYPE");
            assertThat(e.command()).isEqualTo("GET");
          })
          // The stack shows the caller, not Lettuce's I/O thread.
          .satisfies(e -> assertThat(e.getStackTrace()).anyMatch(
              frame -> frame.getClassName().equals(LettuceDriverTest.class.getName())));
      assertThat(redis.executeAsync(RedisCommands.get(utf8("list"))))
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableThat()
          .havingRootCause()
          .isInstanceOf(RecallCommandException.class);
      assertThat(redis.execute(RedisCommands.ping())).isEqualTo("PONG");
    }
  }

  @Test
  void batch_keepsOrder_andPutsTheErrorInPlace(RedisServer server) throws Exception {
    try (DriverConnection connection = new LettuceDriver().connect(config(server))) {
      connection.send(RedisCommands.rpush(utf8("list"), utf8("a")));
      List<Command<?>> commands = List.of(
          RedisCommands.incrBy(utf8("b"), 1),
          RedisCommands.get(utf8("list")),
          RedisCommands.incrBy(utf8("b"), 1),
          RedisCommands.get(utf8("b")));
      for (List<Object> replies : List.of(connection.sendBatch(commands),
          connection.sendBatchAsync(commands).get(5, TimeUnit.SECONDS))) {
        assertThat(replies).hasSize(4);
        assertThat(replies.get(1)).isInstanceOfSatisfying(RecallCommandException.class,
            e -> assertThat(e.errorCode()).isEqualTo("WRONGTYPE"));
        assertThat(replies.get(0)).isInstanceOf(Long.class);
        assertThat((long) replies.get(2)).isEqualTo((long) replies.get(0) + 1);
        assertThat(replies.get(3)).isInstanceOf(byte[].class);
      }
      assertThat(connection.send(RedisCommands.get(utf8("b")))).isEqualTo(utf8("4"));
      assertThat(connection.sendBatch(List.of())).isEmpty();
    }
  }

  @Test
  void evalsha_reloadsAfterScriptFlush(RedisServer server) {
    try (RecallClient client = connect(server)) {
      CommandExecutor redis = client.executor();
      Command<Object> call = RedisCommands.evalsha(ECHO, List.of(utf8("e")), List.of(utf8("2")));
      assertThat(((List<?>) redis.execute(call)).get(2)).isEqualTo(2L);
      server.command("SCRIPT", "FLUSH");
      assertThat(((List<?>) redis.execute(call)).get(2)).isEqualTo(4L);
      server.command("SCRIPT", "FLUSH");
      assertThat(((List<?>) redis.executeAsync(call).join()).get(2)).isEqualTo(6L);
      server.command("SCRIPT", "FLUSH");
      List<Object> batch = redis.executeBatch(List.of(call, call));
      assertThat(((List<?>) batch.get(1)).get(2)).isEqualTo(10L);
    }
  }

  @Test
  void blockingPop_runsOnItsOwnConnection_andTheSharedOneStaysFast(RedisServer server) throws Exception {
    try (RecallClient client = Recall.connect(config(server).toBuilder().clientName("lettuce-test").build(),
        "lettuce")) {
      CommandExecutor redis = client.executor();
      redis.execute(RedisCommands.set(utf8("k"), utf8("v"), null, SetCondition.ALWAYS));
      CompletableFuture<byte[]> waiting = redis.executeAsync(RedisCommands.blpop(utf8("q"), Duration.ofSeconds(2)));
      Await.blockedClients(server, 1);
      assertThat(redis.execute(RedisCommands.get(utf8("k")))).isEqualTo(utf8("v"));
      // On the blocked connection the GET would have been answered only after the pop.
      assertThat(waiting).as("the blocking pop, after a GET beside it").isNotDone();
      assertThat(waiting.get(10, TimeUnit.SECONDS)).isNull();

      // Sequential blocking calls reuse the dedicated connection instead of opening one each.
      for (int i = 0; i < 5; i++) {
        assertThat(redis.execute(RedisCommands.blpop(utf8("q"), Duration.ofMillis(10)))).isNull();
      }
      String clients = String.valueOf(server.command("CLIENT", "LIST"));
      assertThat(clients.split("name=lettuce-test", -1).length - 1).isEqualTo(2);

      CompletableFuture<byte[]> served = redis.executeAsync(RedisCommands.blpop(utf8("q"), Duration.ofSeconds(5)));
      Await.blockedClients(server, 1);
      redis.execute(RedisCommands.rpush(utf8("q"), utf8("item")));
      assertThat(served.get(5, TimeUnit.SECONDS)).isEqualTo(utf8("item"));
    }
  }

  @Test
  void batchWithABlockingCommand_runsOffTheSharedConnection(RedisServer server) throws Exception {
    try (DriverConnection connection = new LettuceDriver().connect(config(server))) {
      List<Command<?>> commands = List.of(RedisCommands.rpush(utf8("bq"), utf8("x")),
          RedisCommands.blpop(utf8("bq"), Duration.ofMillis(200)), RedisCommands.blpop(utf8("bq"), Duration.ofMillis(200)));
      List<Object> replies = connection.sendBatch(commands);
      assertThat(replies.get(0)).isEqualTo(1L);
      assertThat((List<?>) replies.get(1)).hasSize(2);
      assertThat(replies.get(2)).isNull();
    }
  }

  @Test
  void unreachableServer_failsFastNamingHostAndPort() {
    int port = RedisServer.freePort();
    RedisConfig config = RedisConfig.builder().host("127.0.0.1").port(port)
        .connectTimeout(Duration.ofMillis(500)).build();
    long start = System.nanoTime();
    assertThatThrownBy(() -> new LettuceDriver().connect(config))
        .isInstanceOf(RecallConnectionException.class)
        .hasMessageContaining("127.0.0.1:" + port);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void wrongPassword_failsTheConnectWithoutLeakingIt() {
    try (RedisServer server = RedisServer.spawn("--requirepass", "right-pw")) {
      RedisConfig base = RedisConfig.fromUrl(server.url());
      assertThatThrownBy(() -> new LettuceDriver().connect(base.toBuilder().password("wrong-pw").build()))
          .isInstanceOf(RecallConnectionException.class)
          .hasMessageContaining(String.valueOf(server.port()))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-pw"));
      // Without a password the handshake passes; the first command is refused, so connect must check one.
      assertThatThrownBy(() -> new LettuceDriver().connect(base.toBuilder().password(null).build()))
          .isInstanceOf(RecallConnectionException.class)
          .hasMessageContaining("NOAUTH");
      try (DriverConnection connection = new LettuceDriver().connect(base.toBuilder().password("right-pw").build())) {
        assertThat(connection.send(RedisCommands.ping())).isEqualTo(utf8("PONG"));
      }
    }
  }

  @Test
  void slowCommand_timesOut_andTheConnectionRecovers(RedisServer server) throws Exception {
    Prerequisites.debugCommands(server);
    // The command timeout also bounds the connect's handshake, so it is a second, not less, on a loaded machine.
    RedisConfig config = config(server).toBuilder().commandTimeout(Duration.ofSeconds(1)).build();
    try (RecallClient client = Recall.connect(config, "lettuce")) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.executor().execute(RedisCommands.raw("DEBUG", "SLEEP", "4")))
          .isInstanceOf(RecallTimeoutException.class)
          .hasMessageContaining("DEBUG");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the 1 s timeout, not the 4 s sleep")
          .isLessThan(Duration.ofMillis(3000));
      Await.until(Duration.ofSeconds(10), () -> client.health().ok(), () -> "the server to answer after its sleep");
      assertThat(client.executor().execute(RedisCommands.incrBy(utf8("after"), 1))).isEqualTo(1L);
    }
  }

  @Test
  void blockingCall_getsItsBlockTimeOnTopOfTheCommandTimeout(RedisServer server) {
    RedisConfig config = config(server).toBuilder().commandTimeout(Duration.ofSeconds(1)).build();
    try (RecallClient client = Recall.connect(config, "lettuce")) {
      assertThat(client.executor().execute(RedisCommands.blpop(utf8("none"), Duration.ofSeconds(2)))).isNull();
    }
  }

  @Test
  void syncCallInsideAnAsyncCallback_failsAtOnceInsteadOfFreezingTheConnection(RedisServer server) {
    Prerequisites.debugCommands(server);
    RedisConfig config = config(server).toBuilder().commandTimeout(Duration.ofSeconds(5)).build();
    try (RecallClient client = Recall.connect(config, "lettuce")) {
      CommandExecutor redis = client.executor();
      redis.execute(RedisCommands.ping());
      // Holds the server briefly so the callback below is attached before the reply and runs on the I/O thread.
      redis.executeAsync(RedisCommands.raw("DEBUG", "SLEEP", "0.2"));
      long start = System.nanoTime();
      CompletableFuture<byte[]> nested = redis.executeAsync(RedisCommands.get(utf8("a")))
          .thenApply(ignored -> redis.execute(RedisCommands.get(utf8("b"))));
      assertThatThrownBy(() -> nested.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(RecallConnectionException.class).isNotInstanceOf(RecallTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("at once, not after the 5 s command timeout")
          .isLessThan(Duration.ofSeconds(4));
      assertThat(redis.execute(RedisCommands.ping())).isEqualTo("PONG");
    }
  }

  @Test
  void serverRestart_failsFast_thenRecovers() throws Exception {
    try (RedisServer server = RedisServer.spawn()) {
      RedisConfig config = RedisConfig.fromUrl(server.url()).toBuilder()
          .commandTimeout(Duration.ofMillis(500)).build();
      try (DriverConnection connection = new LettuceDriver().connect(config)) {
        assertThat(connection.send(RedisCommands.ping())).isEqualTo(utf8("PONG"));
        server.stop();
        assertThatThrownBy(() -> connection.send(RedisCommands.ping())).isInstanceOf(RecallConnectionException.class);
        assertThat(connection.sendAsync(RedisCommands.ping()))
            .failsWithin(Duration.ofSeconds(2))
            .withThrowableThat().havingCause().isInstanceOf(RecallConnectionException.class);
        server.restart();
        Object pong = Await.until(Duration.ofSeconds(10), () -> pingOrNull(connection), Objects::nonNull,
            () -> "a PING answered after the restart");
        assertThat(pong).isEqualTo(utf8("PONG"));
      }
    }
  }

  @Test
  void closedConnection_rejectsEverything(RedisServer server) {
    DriverConnection connection = new LettuceDriver().connect(config(server));
    connection.close();
    connection.close();
    assertThatThrownBy(() -> connection.send(RedisCommands.ping())).isInstanceOf(RecallConnectionException.class);
    assertThatThrownBy(() -> connection.send(RedisCommands.blpop(utf8("q"), Duration.ofMillis(10))))
        .isInstanceOf(RecallConnectionException.class);
    assertThat(connection.sendAsync(RedisCommands.ping())).isCompletedExceptionally();
    assertThatThrownBy(() -> connection.sendBatch(List.of(RedisCommands.ping())))
        .isInstanceOf(RecallConnectionException.class);
  }

  @Test
  void close_failsBlockedCallers(RedisServer server) throws Exception {
    DriverConnection connection = new LettuceDriver().connect(config(server));
    CompletableFuture<Object> blocked = connection.sendAsync(RedisCommands.blpop(utf8("q"), Duration.ofSeconds(30)));
    Await.blockedClients(server, 1);
    connection.close();
    assertThat(blocked).failsWithin(Duration.ofSeconds(5))
        .withThrowableThat().havingCause().isInstanceOf(RecallConnectionException.class);
  }

  @Test
  void manyConcurrentCallers_shareTheConnection(RedisServer server) throws Exception {
    try (RecallClient client = connect(server)) {
      CommandExecutor redis = client.executor();
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        futures.add(redis.executeAsync(RedisCommands.incrBy(utf8("counter"), 1)));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertThat(new String(redis.execute(RedisCommands.get(utf8("counter"))), StandardCharsets.US_ASCII))
          .isEqualTo("2000");
    }
  }

  /** The server's answer to PING, or {@code null} while the connection still fails. */
  private static @Nullable Object pingOrNull(DriverConnection connection) {
    try {
      return connection.send(RedisCommands.ping());
    } catch (RecallConnectionException e) {
      return null;
    }
  }

  private static RedisConfig config(RedisServer server) {
    return RedisConfig.fromUrl(server.url());
  }

  private static RecallClient connect(RedisServer server) {
    return Recall.connect(config(server), "lettuce");
  }
}
