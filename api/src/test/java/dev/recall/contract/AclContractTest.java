package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.Cache;
import dev.recall.RecallClient;
import dev.recall.RecallCommandException;
import dev.recall.RecallConnectionException;
import dev.recall.RecallPermissionException;
import dev.recall.RedisConfig;
import dev.recall.codec.Codecs;
import dev.recall.map.RecallMap;
import dev.recall.queue.Delivery;
import dev.recall.queue.RecallQueue;
import dev.recall.queue.ReliableQueue;
import dev.recall.internal.RedisCommands;
import dev.recall.tracking.CallTracker;
import dev.recall.tracking.TrackingOptions;
import dev.recall.testkit.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Redis ACL: a user with a password, keys limited to {@code ~app:*} and the dangerous commands denied. Recall's
 * features work within that prefix, and a denied key or command is a {@link RecallPermissionException} that says it
 * is an ACL problem and names the command and the key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AclContractTest {
  private static final String PASSWORD = "app-Secret-7";

  private RedisServer server;
  private RecallClient client;

  @BeforeAll
  void start() {
    server = RedisServer.spawn();
    server.command("ACL", "SETUSER", "app", "reset", "on", ">" + PASSWORD, "~app:*", "resetchannels",
        "+@all", "-@dangerous", "-@admin");
    client = Clients.connect(RedisConfig.fromUrl(server.url()).toBuilder()
        .username("app").password(PASSWORD).build());
  }

  @BeforeEach
  void flush() {
    server.flush();
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  @Test
  void cacheMapQueueAndTracking_workWithinThePrefix() {
    Cache cache = client.cache("app:cache");
    String key = cache.store("v", Duration.ofMinutes(1));
    assertThat(cache.getString(key)).contains("v");
    assertThat(cache.delete(key)).isTrue();

    RecallMap<String, Integer> map = client.map("app:map", Codecs.string(), Codecs.json(Integer.class));
    map.set("a", 1);
    assertThat(map.increment("a", 2)).isEqualTo(3);
    assertThat(map.pop("a")).contains(3);
    assertThat(map.length()).isZero();

    RecallQueue<String> queue = client.queue("app:queue", Codecs.string());
    queue.put("job");
    assertThat(queue.getNowait()).isEqualTo("job");
    ReliableQueue<String> reliable = client.reliableQueue("app:queue", "worker", Codecs.string());
    queue.put("job-2");
    Delivery<String> delivery = reliable.getNowait();
    assertThat(delivery.value()).isEqualTo("job-2");
    assertThat(reliable.confirm(delivery)).isTrue();

    CallTracker tracker = client.tracking(TrackingOptions.builder().prefix("app:calls:").build());
    Function<Integer, Integer> twice = tracker.trackCalls("twice").function(x -> x * 2);
    assertThat(twice.apply(21)).isEqualTo(42);
    assertThat(tracker.count("twice")).isEqualTo(1);
    assertThat(tracker.replay("twice").render()).contains("42");

    List<?> keys = (List<?>) server.command("KEYS", "*");
    assertThat(keys).allSatisfy(k -> assertThat((String) k).startsWith("app:"));
  }

  @Test
  void keyOutsideThePrefix_isANopermNamingTheCommandAndTheKey() {
    Cache outside = client.cache("other");
    assertThatThrownBy(() -> outside.store("v"))
        .isInstanceOf(RecallPermissionException.class)
        .hasMessageContaining("ACL")
        .hasMessageContaining("NOPERM")
        .hasMessageContaining("SET")
        .hasMessageContaining("other:")
        .satisfies(e -> {
          RecallPermissionException denied = (RecallPermissionException) e;
          assertThat(denied.key()).startsWith("other:");
          assertThat(denied.errorCode()).isEqualTo("NOPERM");
          assertThat(denied.isPermissionDenied()).isTrue();
          assertThat(denied.getMessage()).doesNotContain(PASSWORD);
        });
    RecallMap<String, String> map = client.map("elsewhere", Codecs.string(), Codecs.string());
    assertThatThrownBy(() -> map.set("k", "v"))
        .isInstanceOf(RecallPermissionException.class).hasMessageContaining("'elsewhere'");
    assertThatThrownBy(() -> client.queue("jobs", Codecs.string()).async().put("x").join())
        .hasCauseInstanceOf(RecallPermissionException.class)
        .hasMessageContaining("'jobs'");
    assertThat(server.dbSize()).isZero();
  }

  @Test
  void deniedCommand_isANopermNamingTheCommand() {
    assertThatThrownBy(() -> client.executor().execute(RedisCommands.raw("FLUSHALL")))
        .isInstanceOf(RecallPermissionException.class)
        .isInstanceOf(RecallCommandException.class)
        .hasMessageContaining("ACL denied FLUSHALL")
        .hasMessageContaining("flushall");
    assertThatThrownBy(() -> client.executor().executeBatch(List.of(RedisCommands.raw("DEBUG", "SLEEP", "0"))))
        .isInstanceOf(RecallPermissionException.class)
        .hasMessageContaining("DEBUG");
  }

  @Test
  void wrongPassword_forTheAclUser_isAConnectionFailure_withoutThePassword() {
    RedisConfig wrong = RedisConfig.fromUrl(server.url()).toBuilder().username("app").password("not-" + PASSWORD)
        .build();
    assertThatThrownBy(() -> Clients.connect(wrong))
        .isInstanceOf(RecallConnectionException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
  }
}
