package dev.recall.contract;

import static dev.recall.spi.CommandArgs.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RecallConnectionException;
import dev.recall.RecallTimeoutException;
import dev.recall.RedisConfig;
import dev.recall.internal.RedisCommands;
import dev.recall.internal.SetCondition;
import dev.recall.testkit.Prerequisites;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.testkit.RedisTarget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connecting: driver discovery, every config field honoured by the driver, failures, and many virtual threads.
 * {@link ConnectionClusterContractTest} runs the tests that use the shared target on a cluster.
 */
@ExtendWith(RedisServerExtension.class)
class ConnectionContractTest {

  @Test
  void connect_findsTheDriverWithServiceLoader() {
    try (RedisServer server = RedisServer.spawn(); RecallClient client = Clients.connect(server)) {
      String expected = Clients.driver();
      if (expected != null) {
        assertThat(client.driverName()).isEqualTo(expected);
      }
      assertThat(client.driverName()).isIn("jedis", "lettuce");
      assertThat(client.health().ok()).isTrue();
    }
  }

  @Test
  void connect_withAnUnknownDriverName_namesTheDriversThatExist() {
    assertThatThrownBy(() -> Recall.connect(RedisConfig.builder().build(), "nosuch"))
        .isInstanceOf(dev.recall.DriverNotFoundException.class)
        .hasMessageContaining("no driver named 'nosuch'")
        .hasMessageContaining("lettuce and jedis")
        .hasMessageNotContaining("recall-driver-nosuch")
        .hasMessageNotContaining("did you mean");
  }

  @Test
  void configFields_databaseAndClientName_areApplied(RedisServer server) {
    RedisConfig given = RedisConfig.fromUrl(server.url());
    // Another database than the one the server's commands use (with REDIS_URL, that is the URL's).
    int database = given.database() == 3 ? 4 : 3;
    RedisConfig config = given.toBuilder().database(database).clientName("recall-test").poolSize(2).build();
    try (RecallClient client = Clients.connect(config)) {
      client.executor().execute(RedisCommands.set(utf8("db-key"), utf8("v"), null, SetCondition.ALWAYS));
      assertThat(server.command("EXISTS", "db-key")).as("not in the server's database").isEqualTo(0L);
      String clients = String.valueOf(server.command("CLIENT", "LIST"));
      assertThat(clients).contains("name=recall-test").contains("db=" + database);
      assertThat(client.config()).isEqualTo(config);
    }
  }

  @Test
  void password_andAclUser_authenticate_andWrongPasswordFailsWithoutLeakingIt() {
    try (RedisServer server = RedisServer.spawn("--requirepass", "s3cret-pw")) {
      RedisConfig base = RedisConfig.fromUrl(server.url());
      try (RecallClient client = Clients.connect(base.toBuilder().password("s3cret-pw").build())) {
        assertThat(client.health().ok()).isTrue();
        client.executor().execute(RedisCommands.raw("ACL", "SETUSER", "app", "on", ">app-pw", "~app:*", "+@all"));
      }
      try (RecallClient app = Clients.connect(base.toBuilder().username("app").password("app-pw").build())) {
        app.executor().execute(RedisCommands.set(utf8("app:k"), utf8("v"), null, SetCondition.ALWAYS));
        assertThatThrownBy(() -> app.executor().execute(RedisCommands.get(utf8("other:k"))))
            .hasMessageContaining("NOPERM");
      }
      RedisConfig wrong = base.toBuilder().password("not-the-pw").build();
      assertThatThrownBy(() -> Clients.connect(wrong))
          .isInstanceOf(RecallConnectionException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-pw"));
    }
  }

  @Test
  void unreachableServer_failsFastWithOurException() {
    int port = RedisServer.freePort();
    RedisConfig config = RedisConfig.builder().host("127.0.0.1").port(port)
        .connectTimeout(Duration.ofMillis(500)).build();
    long start = System.nanoTime();
    assertThatThrownBy(() -> Clients.connect(config))
        .isInstanceOf(RecallConnectionException.class)
        .hasMessageContaining(String.valueOf(port));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void slowCommand_timesOutWithOurTimeoutException(RedisTarget server) throws InterruptedException {
    Prerequisites.debugCommands(server);
    // The command timeout also bounds the connect's handshake, so it is a second, not less, on a loaded machine.
    // The sleep stays well under a test cluster's node timeout (5 s): a node asleep longer is taken for failed, and
    // the cluster is down for the tests after this one.
    RedisConfig config = RedisConfig.fromUrl(server.url()).toBuilder().commandTimeout(Duration.ofSeconds(1)).build();
    try (RecallClient client = Clients.connect(config)) {
      assertThatThrownBy(() -> client.executor().execute(RedisCommands.raw("DEBUG", "SLEEP", "2")))
          .isInstanceOf(RecallTimeoutException.class);
      Await.until(Duration.ofSeconds(10), () -> client.health().ok(), () -> "the client to be healthy");
    }
  }

  @Test
  void closedClient_rejectsCommandsWithOurException(RedisTarget server) {
    RecallClient client = Clients.connect(server);
    client.close();
    client.close();
    assertThatThrownBy(() -> client.cache().store("x")).isInstanceOf(RecallConnectionException.class);
  }

  @Test
  void twoThousandVirtualThreads_allCompleteTheirCalls(RedisTarget server) throws Exception {
    RedisConfig config = RedisConfig.fromUrl(server.url()).toBuilder()
        .poolSize(8).commandTimeout(Duration.ofSeconds(10)).build();
    try (RecallClient client = Clients.connect(config);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      String key = client.cache().store("shared");
      AtomicInteger completed = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 2000; t++) {
        futures.add(threads.submit(() -> {
          for (int i = 0; i < 10; i++) {
            byte[] value = client.executor().execute(RedisCommands.get(utf8(key)));
            assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("shared");
          }
          completed.incrementAndGet();
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
      assertThat(completed).hasValue(2000);
    }
  }
}
