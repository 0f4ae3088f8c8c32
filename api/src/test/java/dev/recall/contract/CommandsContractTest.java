package dev.recall.contract;

import static dev.recall.spi.CommandArgs.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallClient;
import dev.recall.RecallCommandException;
import dev.recall.spi.Command;
import dev.recall.internal.ListEnd;
import dev.recall.internal.RedisCommands;
import dev.recall.spi.CommandExecutor;
import dev.recall.internal.ScanPage;
import dev.recall.spi.Replies;
import dev.recall.spi.Script;
import dev.recall.internal.SetCondition;
import dev.recall.testkit.RedisTarget;
import dev.recall.testkit.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The driver contract: every SPI operation through the driver under test against a real server; commands on two keys
 * use keys with one hash tag so that they also run on a cluster ({@link CommandsClusterContractTest}).
 */
@ExtendWith(RedisServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandsContractTest {
  private static final Script ECHO_KEYS = Script.of("echo",
      "return {KEYS[1], ARGV[1], redis.call('INCRBY', KEYS[1], ARGV[1])}");

  private RecallClient client;
  private CommandExecutor redis;
  private RedisTarget server;

  @BeforeAll
  void connect(RedisTarget server) {
    this.server = server;
    client = Clients.connect(server);
    redis = client.executor();
  }

  @AfterAll
  void close() {
    client.close();
  }

  @Test
  void strings_setGetDelete_roundTripBytesExactly() {
    byte[] value = {0, (byte) 0xff, 13, 10, 'x'};
    assertThat(redis.execute(RedisCommands.set(utf8("k"), value, null, SetCondition.ALWAYS))).isTrue();
    assertThat(redis.execute(RedisCommands.get(utf8("k")))).isEqualTo(value);
    assertThat(redis.execute(Command.keyed("EXISTS", Replies::flag, utf8("k")))).isTrue();
    assertThat(redis.execute(RedisCommands.del(utf8("k"), utf8("{k}other")))).isEqualTo(1L);
    assertThat(redis.execute(RedisCommands.get(utf8("k")))).isNull();
  }

  @Test
  void set_conditions_writeOnlyWhenAllowed() {
    assertThat(redis.execute(RedisCommands.set(utf8("c"), utf8("1"), null, SetCondition.IF_PRESENT))).isFalse();
    assertThat(redis.execute(RedisCommands.set(utf8("c"), utf8("1"), null, SetCondition.IF_ABSENT))).isTrue();
    assertThat(redis.execute(RedisCommands.set(utf8("c"), utf8("2"), null, SetCondition.IF_ABSENT))).isFalse();
    assertThat(redis.execute(RedisCommands.get(utf8("c")))).isEqualTo(utf8("1"));
  }

  @Test
  void expiry_ttlIsSetAndKeyVanishes() throws InterruptedException {
    redis.execute(RedisCommands.set(utf8("t"), utf8("v"), Duration.ofSeconds(1), SetCondition.ALWAYS));
    assertThat(redis.execute(pttl("t"))).isBetween(1L, 1000L);
    redis.execute(RedisCommands.set(utf8("p"), utf8("v"), null, SetCondition.ALWAYS));
    assertThat(redis.execute(pttl("p"))).isEqualTo(-1L);
    assertThat(redis.execute(Command.keyed("PEXPIRE", Replies::flag, utf8("p"), utf8("10000")))).isTrue();
    assertThat(redis.execute(pttl("p"))).isGreaterThan(9000L);
    Await.until(Duration.ofSeconds(5), () -> redis.execute(RedisCommands.get(utf8("t"))) == null,
        () -> "the 1 s key to expire");
    assertThat(redis.execute(pttl("t"))).isEqualTo(-2L);
  }

  @Test
  void counters_incrementAtomically() {
    assertThat(redis.execute(RedisCommands.incrBy(utf8("n"), 5))).isEqualTo(5L);
    assertThat(redis.execute(RedisCommands.incrBy(utf8("n"), -7))).isEqualTo(-2L);
  }

  @Test
  void lists_pushPopMoveRangeTrim() {
    assertThat(redis.execute(RedisCommands.rpush(utf8("l"), utf8("a"), utf8("b"), utf8("c")))).isEqualTo(3L);
    assertThat(redis.execute(Command.keyed("LPUSH", Replies::longValue, utf8("l"), utf8("z")))).isEqualTo(4L);
    assertThat(strings(redis.execute(lrange("l")))).containsExactly("z", "a", "b", "c");
    assertThat(redis.execute(RedisCommands.lpop(utf8("l")))).isEqualTo(utf8("z"));
    assertThat(redis.execute(Command.keyed("RPOP", Replies::bytes, utf8("l")))).isEqualTo(utf8("c"));
    assertThat(redis.execute(RedisCommands.lmove(utf8("l"), utf8("{l}m"), ListEnd.LEFT, ListEnd.RIGHT)))
        .isEqualTo(utf8("a"));
    assertThat(redis.execute(RedisCommands.llen(utf8("l")))).isEqualTo(1L);
    redis.execute(RedisCommands.rpush(utf8("l"), utf8("b"), utf8("x"), utf8("b")));
    assertThat(redis.execute(RedisCommands.lrem(utf8("l"), 0, utf8("b")))).isEqualTo(3L);
    redis.execute(RedisCommands.rpush(utf8("l"), utf8("1"), utf8("2"), utf8("3")));
    redis.execute(Command.keyed("LTRIM", reply -> reply, utf8("l"), utf8("-2"), utf8("-1")));
    assertThat(strings(redis.execute(lrange("l")))).containsExactly("2", "3");
    assertThat(redis.execute(RedisCommands.lpop(utf8("empty")))).isNull();
  }

  @Test
  void hashes_setGetIncrementScan() {
    Map<byte[], byte[]> fields = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      fields.put(utf8("f" + i), utf8("v" + i));
    }
    assertThat(redis.execute(RedisCommands.hset(utf8("h"), fields))).isEqualTo(300L);
    assertThat(redis.execute(RedisCommands.hget(utf8("h"), utf8("f7")))).isEqualTo(utf8("v7"));
    assertThat(redis.execute(RedisCommands.hget(utf8("h"), utf8("nope")))).isNull();
    assertThat(strings(redis.execute(Command.keyed("HMGET", Replies::bytesList, utf8("h"), utf8("f1"), utf8("nope")))))
        .containsExactly("v1", null);
    assertThat(redis.execute(RedisCommands.hexists(utf8("h"), utf8("f1")))).isTrue();
    assertThat(redis.execute(RedisCommands.hlen(utf8("h")))).isEqualTo(300L);
    assertThat(redis.execute(RedisCommands.hincrBy(utf8("h"), utf8("n"), 3))).isEqualTo(3L);
    assertThat(redis.execute(RedisCommands.hincrByFloat(utf8("h"), utf8("d"), "1.5"))).isEqualTo("1.5");
    assertThat(redis.execute(RedisCommands.hdel(utf8("h"), utf8("n"), utf8("d")))).isEqualTo(2L);

    Set<String> seen = new HashSet<>();
    String cursor = "0";
    do {
      ScanPage page = redis.execute(RedisCommands.hscan(utf8("h"), cursor, null, 50));
      for (int i = 0; i < page.items().size(); i += 2) {
        seen.add(new String(page.items().get(i), StandardCharsets.UTF_8));
      }
      cursor = page.cursor();
    } while (!"0".equals(cursor));
    assertThat(seen).hasSize(300).contains("f0", "f299");
  }

  @Test
  void scan_findsKeysByPattern() {
    for (int i = 0; i < 120; i++) {
      redis.execute(RedisCommands.set(utf8("scan:" + i), utf8("v"), null, SetCondition.ALWAYS));
    }
    redis.execute(RedisCommands.set(utf8("other"), utf8("v"), null, SetCondition.ALWAYS));
    Set<String> keys = new HashSet<>();
    String cursor = "0";
    do {
      List<Object> page = Replies.list(redis.execute(Command.keyless("SCAN", reply -> reply,
          utf8(cursor), utf8("MATCH"), utf8("scan:*"), utf8("COUNT"), utf8("40"), utf8("TYPE"), utf8("string"))));
      Replies.bytesList(page.get(1)).forEach(key -> keys.add(new String(key, StandardCharsets.UTF_8)));
      cursor = Replies.string(page.get(0));
    } while (!"0".equals(cursor));
    assertThat(keys).hasSize(120).doesNotContain("other");
  }

  @Test
  void script_returnsNestedReplyOfMixedTypes() {
    Object reply = redis.execute(RedisCommands.evalsha(ECHO_KEYS, List.of(utf8("s")), List.of(utf8("4"))));
    assertThat(reply).isInstanceOf(List.class);
    List<?> items = (List<?>) reply;
    assertThat((byte[]) items.get(0)).isEqualTo(utf8("s"));
    assertThat((byte[]) items.get(1)).isEqualTo(utf8("4"));
    assertThat(items.get(2)).isEqualTo(4L);
  }

  @Test
  void script_reloadsTransparentlyAfterScriptFlush_syncAsyncAndBatch() {
    Command<Object> call = RedisCommands.evalsha(ECHO_KEYS, List.of(utf8("r")), List.of(utf8("1")));
    redis.execute(call);
    server.commandOnEveryNode("SCRIPT", "FLUSH");
    assertThat(((List<?>) redis.execute(call)).get(2)).isEqualTo(2L);
    server.commandOnEveryNode("SCRIPT", "FLUSH");
    assertThat(((List<?>) redis.executeAsync(call).join()).get(2)).isEqualTo(3L);
    server.commandOnEveryNode("SCRIPT", "FLUSH");
    // Lost scripts in a batch are reloaded and rerun, in order, after the rest of the batch.
    List<Object> batch = redis.executeBatch(List.of(call, RedisCommands.ping(), call));
    assertThat(((List<?>) batch.get(0)).get(2)).isEqualTo(4L);
    assertThat(batch.get(1)).isEqualTo("PONG");
    assertThat(((List<?>) batch.get(2)).get(2)).isEqualTo(5L);
    assertThat(redis.execute(RedisCommands.get(utf8("r")))).isEqualTo(utf8("5"));
  }

  @Test
  void errorReply_isTypedWithItsCode_andTheConnectionStaysUsable() {
    redis.execute(RedisCommands.rpush(utf8("list"), utf8("a")));
    assertThatThrownBy(() -> redis.execute(RedisCommands.get(utf8("list"))))
        .isInstanceOf(RecallCommandException.class)
        .satisfies(e -> assertThat(((RecallCommandException) e).errorCode()).isEqualTo("WRONGTYPE"))
        .hasMessageContaining("GET");
    assertThat(redis.execute(RedisCommands.ping())).isEqualTo("PONG");
    assertThat(redis.executeAsync(RedisCommands.get(utf8("list"))))
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .withCauseInstanceOf(RecallCommandException.class);
  }

  @Test
  void batch_runsInOrder_andReportsTheFailingCommand() {
    redis.execute(RedisCommands.rpush(utf8("list"), utf8("a")));
    List<Command<?>> commands = List.of(
        RedisCommands.set(utf8("b1"), utf8("1"), null, SetCondition.ALWAYS),
        RedisCommands.incrBy(utf8("b1"), 1),
        RedisCommands.get(utf8("b1")));
    List<Object> replies = redis.executeBatch(commands);
    assertThat(replies.get(0)).isEqualTo(true);
    assertThat(replies.get(1)).isEqualTo(2L);
    assertThat((byte[]) replies.get(2)).isEqualTo(utf8("2"));

    List<Command<?>> failing = List.of(RedisCommands.incrBy(utf8("b2"), 1), RedisCommands.get(utf8("list")),
        RedisCommands.incrBy(utf8("b2"), 1));
    assertThatThrownBy(() -> redis.executeBatch(failing)).isInstanceOf(RecallCommandException.class);
    assertThat(redis.execute(RedisCommands.get(utf8("b2")))).isEqualTo(utf8("2"));
    assertThat(redis.executeBatchAsync(commands).join()).hasSize(3);
  }

  @Test
  void blockingPop_waitsForTheTimeout_withoutStallingOtherCallers() throws Exception {
    CompletableFuture<byte[]> waiting = redis.executeAsync(RedisCommands.blpop(utf8("q"), Duration.ofSeconds(3)));
    Await.blockedClients(server, 1);
    for (int i = 0; i < 20; i++) {
      redis.execute(RedisCommands.ping());
    }
    // Calls queued behind the blocked one would have been answered only after it.
    assertThat(waiting).as("the blocked call, after 20 calls beside it").isNotDone();
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isNull();

    CompletableFuture<byte[]> served = redis.executeAsync(RedisCommands.blpop(utf8("q"), Duration.ofSeconds(5)));
    Await.blockedClients(server, 1);
    redis.execute(RedisCommands.rpush(utf8("q"), utf8("item")));
    assertThat(served.get(5, TimeUnit.SECONDS)).isEqualTo(utf8("item"));
    redis.execute(RedisCommands.rpush(utf8("{q2}"), utf8("moved")));
    assertThat(redis.execute(RedisCommands.blmove(utf8("{q2}"), utf8("{q2}p2"), ListEnd.LEFT, ListEnd.RIGHT,
        Duration.ofSeconds(1)))).isEqualTo(utf8("moved"));
  }

  private static Command<List<byte[]>> lrange(String key) {
    return Command.keyed("LRANGE", Replies::bytesList, utf8(key), utf8("0"), utf8("-1"));
  }

  private static Command<Long> pttl(String key) {
    return Command.keyed("PTTL", Replies::longValue, utf8(key));
  }

  private static List<String> strings(List<byte[]> values) {
    List<String> result = new ArrayList<>();
    for (byte[] value : values) {
      result.add(value == null ? null : new String(value, StandardCharsets.UTF_8));
    }
    return result;
  }
}
