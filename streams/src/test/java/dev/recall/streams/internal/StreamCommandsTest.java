package dev.recall.streams.internal;

import static dev.recall.spi.CommandArgs.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RecallCommandException;
import dev.recall.RedisConfig;
import dev.recall.spi.Command;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.Replies;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.testkit.RedisTarget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The streams module's own protocol: each stream command through each driver against a real server. */
@ParameterizedClass
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class StreamCommandsTest {
  @Parameter
  String driver;

  private RecallClient client;
  private CommandExecutor redis;

  @BeforeEach
  void connect(RedisTarget target) {
    client = Recall.connect(RedisConfig.fromUrl(target.url()), driver);
    redis = client.executor();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void addReadAckPendingClaimDelete() {
    byte[] stream = utf8("s");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(redis.execute(StreamCommands.xadd(stream, "MAXLEN", "1000", List.of(utf8("n"), utf8("" + i)))));
    }
    assertThat(redis.execute(StreamCommands.xlen(stream))).isEqualTo(5L);
    assertThat(redis.execute(StreamCommands.xrange(stream, "-", "+", 10))).extracting(StreamEntry::id)
        .containsExactlyElementsOf(ids);
    assertThat(redis.execute(StreamCommands.xgroupCreate(stream, "g", "0", true))).isTrue();
    assertThatThrownBy(() -> redis.execute(StreamCommands.xgroupCreate(stream, "g", "0", true)))
        .isInstanceOf(RecallCommandException.class)
        .satisfies(e -> assertThat(((RecallCommandException) e).errorCode()).isEqualTo("BUSYGROUP"));

    List<StreamEntry> read = redis.execute(
        StreamCommands.xreadgroup("g", "c1", 3, Duration.ofMillis(100), Map.of(stream, ">")));
    assertThat(read).hasSize(3);
    assertThat(read.get(0).fields()).hasSize(2);
    assertThat(new String(read.get(0).fields().get(1), StandardCharsets.UTF_8)).isEqualTo("0");
    assertThat(redis.execute(StreamCommands.xack(stream, "g", List.of(read.get(0).id())))).isEqualTo(1L);
    assertThat(redis.execute(StreamCommands.xpending(stream, "g", null, "-", "+", 10, null)))
        .extracting(p -> p.id()).containsExactly(ids.get(1), ids.get(2));
    assertThat(redis.execute(StreamCommands.xinfoGroups(stream))).singleElement()
        .satisfies(g -> assertThat(g.pending()).isEqualTo(2L));

    var claimed = redis.execute(StreamCommands.xautoclaim(stream, "g", "c2", Duration.ZERO, "0-0", 10));
    assertThat(claimed.entries()).extracting(StreamEntry::id).containsExactly(ids.get(1), ids.get(2));
    assertThat(redis.execute(StreamCommands.xpending(stream, "g", null, "-", "+", 10, "c2"))).hasSize(2);
    assertThat(redis.execute(Command.keyed("XDEL", Replies::longValue, stream, utf8(ids.get(4))))).isEqualTo(1L);
    assertThat(redis.execute(StreamCommands.xreadgroup("g", "c1", 10, null, Map.of(stream, ">"))))
        .extracting(StreamEntry::id).containsExactly(ids.get(3));
    assertThat(redis.execute(StreamCommands.xreadgroup("g", "c1", 10, Duration.ofMillis(50), Map.of(stream, ">"))))
        .isEmpty();
  }
}
