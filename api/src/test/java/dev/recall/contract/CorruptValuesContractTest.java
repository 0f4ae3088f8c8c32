package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.spi.CommandArgs;
import dev.recall.Cache;
import dev.recall.RecallClient;
import dev.recall.RecallCodecException;
import dev.recall.RecallCommandException;
import dev.recall.ValueConversionException;
import dev.recall.codec.Codecs;
import dev.recall.map.RecallMap;
import dev.recall.queue.RecallQueue;
import dev.recall.queue.ReliableQueue;
import dev.recall.internal.RedisCommands;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.tracking.CallTracker;
import dev.recall.tracking.TrackingOptions;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Corrupt or foreign data under the keys of the plain cache, the map, the queue and call tracking: a key of another
 * Redis type is a {@link RecallCommandException} ({@code WRONGTYPE}) naming the key; bytes the codec cannot read are
 * a {@link RecallCodecException} (map, queue) or {@link ValueConversionException} (cache, counters) naming where
 * they are; a tracked call's history entry is text and replays as it is. Never a {@code NullPointerException} or a driver's exception, and reads leave the data as
 * it was.
 */
@ExtendWith(RedisServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorruptValuesContractTest {
  private static final byte[] NOT_UTF8 = {(byte) 0xff, (byte) 0xfe, 0, 1};

  private RecallClient client;
  private RedisServer server;

  @BeforeAll
  void connect(RedisServer server) {
    this.server = server;
    client = Clients.connect(server);
  }

  @AfterAll
  void close() {
    client.close();
  }

  @Test
  void cache_keyOfAnotherType_isWrongTypeNamingTheKey_syncAndAsync() {
    Cache cache = client.cache("c");
    server.command("HSET", "c:k", "f", "v");
    assertThatThrownBy(() -> cache.get("k"))
        .isInstanceOf(RecallCommandException.class)
        .hasMessageContaining("WRONGTYPE").hasMessageContaining("'c:k'")
        .satisfies(e -> assertThat(((RecallCommandException) e).key()).isEqualTo("c:k"));
    assertThatThrownBy(() -> cache.async().getString("k").join())
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(RecallCommandException.class).hasMessageContaining("'c:k'");
    assertThat(server.command("HGET", "c:k", "f")).isEqualTo("v");
  }

  @Test
  void cache_unreadableBytes_areAValueConversionException_namingKeyAndTarget() {
    Cache cache = client.cache("c");
    client.executor().execute(RedisCommands.set(CommandArgs.utf8("c:bin"), NOT_UTF8, null,
        dev.recall.internal.SetCondition.ALWAYS));
    assertThatThrownBy(() -> cache.getString("bin"))
        .isInstanceOf(ValueConversionException.class).hasMessageContaining("bin").hasMessageContaining("String");
    assertThatThrownBy(() -> cache.getLong("bin"))
        .isInstanceOf(ValueConversionException.class).hasMessageContaining("long");
    assertThat(cache.get("bin")).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(NOT_UTF8));
  }

  @Test
  void map_keyOfAnotherType_isWrongTypeNamingTheHash() {
    RecallMap<String, Integer> map = client.map("m1", Codecs.string(), Codecs.json(Integer.class));
    server.command("SET", "m1", "a string, not a hash");
    assertThatThrownBy(() -> map.get("x"))
        .isInstanceOf(RecallCommandException.class).hasMessageContaining("WRONGTYPE").hasMessageContaining("'m1'");
    assertThatThrownBy(() -> map.set("x", 1))
        .isInstanceOf(RecallCommandException.class).hasMessageContaining("'m1'");
    assertThatThrownBy(map::toMap).isInstanceOf(RecallCommandException.class);
    assertThat(server.command("GET", "m1")).isEqualTo("a string, not a hash");
  }

  @Test
  void map_valueTheCodecCannotRead_isACodecExceptionNamingMapAndField_andStaysInPlace() {
    RecallMap<String, Integer> map = client.map("m2", Codecs.string(), Codecs.json(Integer.class));
    map.set("good", 1);
    server.command("HSET", "m2", "bad", "{not json");
    assertThatThrownBy(() -> map.get("bad"))
        .isInstanceOf(RecallCodecException.class)
        .hasMessageContaining("'m2'").hasMessageContaining("'bad'").hasMessageContaining("Integer");
    assertThatThrownBy(() -> map.async().get("bad").join())
        .cause().isInstanceOf(RecallCodecException.class).hasMessageContaining("'bad'");
    assertThatThrownBy(map::toMap).isInstanceOf(RecallCodecException.class).hasMessageContaining("'bad'");
    assertThat(map.get("good")).contains(1);
    assertThat(server.command("HGET", "m2", "bad")).isEqualTo("{not json");
    assertThatThrownBy(() -> map.increment("bad", 1))
        .isInstanceOf(ValueConversionException.class).hasMessageContaining("m2[bad]");
  }

  @Test
  void map_fieldTheKeyCodecCannotRead_isACodecExceptionNamingTheMap() {
    RecallMap<String, String> map = client.map("m3", Codecs.string(), Codecs.string());
    client.executor().execute(RedisCommands.raw("HSET", "m3", "ok", "1"));
    client.executor().execute(RedisCommands.hset(CommandArgs.utf8("m3"),
        java.util.Map.of(NOT_UTF8, CommandArgs.utf8("v"))));
    assertThatThrownBy(map::toMap).isInstanceOf(RecallCodecException.class).hasMessageContaining("'m3'");
  }

  @Test
  void queue_keyOfAnotherType_isWrongTypeNamingTheList() {
    RecallQueue<Integer> queue = client.queue("q1", Codecs.json(Integer.class));
    server.command("SET", "q1", "x");
    assertThatThrownBy(() -> queue.put(1))
        .isInstanceOf(RecallCommandException.class).hasMessageContaining("WRONGTYPE").hasMessageContaining("'q1'");
    assertThatThrownBy(queue::qsize).isInstanceOf(RecallCommandException.class);
  }

  @Test
  void queue_itemTheCodecCannotRead_isACodecExceptionNamingTheQueue_andTheReliableQueueKeepsIt() {
    RecallQueue<Integer> queue = client.queue("q2", Codecs.json(Integer.class));
    server.command("RPUSH", "q2", "oops");
    assertThatThrownBy(queue::getNowait)
        .isInstanceOf(RecallCodecException.class).hasMessageContaining("'q2'").hasMessageContaining("Integer");

    server.command("RPUSH", "q2", "oops again");
    ReliableQueue<Integer> reliable = client.reliableQueue("q2", "w", Codecs.json(Integer.class));
    assertThatThrownBy(reliable::getNowait)
        .isInstanceOf(RecallCodecException.class).hasMessageContaining("'q2'");
    assertThat(reliable.unconfirmed()).as("the unreadable item waits in the processing list").isEqualTo(1);
  }

  @Test
  void tracking_foreignCounterOrHistory_isATypedErrorNamingTheKey_andCallsStillReturn() {
    CallTracker tracker = client.tracking(TrackingOptions.builder().prefix("t:").build());
    server.command("SET", "t:count", "not a number");
    assertThatThrownBy(() -> tracker.count("count"))
        .isInstanceOf(ValueConversionException.class).hasMessageContaining("t:count");
    Function<Integer, Integer> counted = tracker.countCalls("count").function(x -> x + 1);
    assertThat(counted.apply(1)).as("a tracking failure never changes the call's outcome").isEqualTo(2);

    server.command("HSET", "t:typed", "f", "v");
    assertThatThrownBy(() -> tracker.count("typed"))
        .isInstanceOf(RecallCommandException.class).hasMessageContaining("'t:typed'");

    // A history entry is kept as recorded text, so a foreign one is shown as it is rather than failing the replay.
    server.command("RPUSH", "t:hist:inputs", "[not json");
    server.command("RPUSH", "t:hist:outputs", "1");
    assertThat(tracker.replay("hist").render()).contains("hist(*([not json)) -> 1");
  }
}
