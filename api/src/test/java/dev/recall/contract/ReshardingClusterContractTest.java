package dev.recall.contract;

import static dev.recall.spi.CommandArgs.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.internal.RedisCommands;
import dev.recall.spi.Command;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.Script;
import dev.recall.testkit.OnRedisCluster;
import dev.recall.testkit.RedisCluster;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.SlotMigration;
import dev.recall.tracking.CallTracker;
import dev.recall.tracking.TrackingOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A slot caught half way through a migration: a script whose keys are split between the two masters is refused with
 * {@code TRYAGAIN} until the move ends, and must then run, once, with no error reaching the caller; a script whose
 * only key has moved gets {@code ASK}, which the driver must follow. Each test moves its own slot and gives it back.
 */
@OnRedisCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReshardingClusterContractTest {
  private static final Script SUM = Script.of("resharding-sum",
      "return redis.call('INCRBY', KEYS[1], ARGV[1]) + redis.call('INCRBY', KEYS[2], ARGV[1])");
  private static final Script ADD = Script.of("resharding-add", "return redis.call('INCRBY', KEYS[1], ARGV[1])");
  private static final Pattern TRYAGAIN = Pattern.compile("errorstat_TRYAGAIN:count=(\\d+)");
  // Longer than any pause of the test between the first refusal and the end of the move, on a busy machine.
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

  private RedisCluster cluster;
  private RecallClient client;
  private CommandExecutor redis;
  private ExecutorService callers;

  @BeforeAll
  void connect(RedisCluster cluster) {
    this.cluster = cluster;
    client = Clients.connect(RedisConfig.fromUrl(cluster.url()).toBuilder().commandTimeout(COMMAND_TIMEOUT).build());
    redis = client.executor();
    callers = Executors.newVirtualThreadPerTaskExecutor();
  }

  @AfterAll
  void close() {
    callers.close();
    client.close();
  }

  /** The executor's four ways to send a command, each started without waiting for its reply. */
  enum Form {
    SYNC {
      @Override
      CompletableFuture<Object> start(CommandExecutor redis, Command<Object> command, ExecutorService callers) {
        return CompletableFuture.supplyAsync(() -> redis.execute(command), callers);
      }
    },
    ASYNC {
      @Override
      CompletableFuture<Object> start(CommandExecutor redis, Command<Object> command, ExecutorService callers) {
        return redis.executeAsync(command);
      }
    },
    BATCH {
      @Override
      CompletableFuture<Object> start(CommandExecutor redis, Command<Object> command, ExecutorService callers) {
        return CompletableFuture.supplyAsync(() -> lastOf(redis.executeBatch(batch(command))), callers);
      }
    },
    BATCH_ASYNC {
      @Override
      CompletableFuture<Object> start(CommandExecutor redis, Command<Object> command, ExecutorService callers) {
        return redis.executeBatchAsync(batch(command)).thenApply(Form::lastOf);
      }
    };

    abstract CompletableFuture<Object> start(CommandExecutor redis, Command<Object> command, ExecutorService callers);

    // A command that runs at once beside the refused one: only the refused one is sent again.
    private static List<Command<?>> batch(Command<Object> command) {
      return List.of(RedisCommands.ping(), command);
    }

    private static Object lastOf(List<Object> replies) {
      assertThat(replies.get(0)).isEqualTo("PONG");
      return replies.get(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void scriptOnAHalfMovedSlot_isRetriedUntilTheMoveEnds_andRunsOnce(Form form) throws Exception {
    String tag = "{resharding-" + form.name().toLowerCase() + "}";
    String first = tag + "first";
    String second = tag + "second";
    cluster.command("SET", first, "10");
    cluster.command("SET", second, "20");
    Command<Object> sum = RedisCommands.evalsha(SUM, List.of(utf8(first), utf8(second)), List.of(utf8("1")));
    int slot = cluster.keySlot(tag);
    RedisServer source = cluster.ownerOf(slot);
    SlotMigration migration = cluster.startMigration(slot, anotherMaster(source));
    try {
      migration.moveKeys(first);
      long refusedBefore = tryAgainReplies();
      CompletableFuture<Object> call = form.start(redis, sum, callers);
      Await.until(Duration.ofSeconds(10), () -> tryAgainReplies() > refusedBefore,
          () -> "a TRYAGAIN reply to the " + form + " call");
      assertThat(call).as("refused while the slot is half moved").isNotDone();
      migration.finish(10);
      assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(11L + 21L);
      // Read while the slot rests on the target; moving it back is only the clean-up.
      assertThat(cluster.command("GET", first)).as("ran once").isEqualTo("11");
      assertThat(cluster.command("GET", second)).as("ran once").isEqualTo("21");
    } finally {
      migration.finish(10);
      cluster.migrateSlot(slot, source, 10);
    }
  }

  @Test
  void countedCall_onAHalfMovedSlot_keepsItsCountAndHistory() throws Exception {
    CallTracker tracker = client.tracking(TrackingOptions.builder().prefix("resharding:").build());
    Function<Integer, Integer> twice = tracker.trackCalls("counted").function(x -> x * 2);
    assertThat(twice.apply(1)).isEqualTo(2);
    String counter = "resharding:{counted}";
    int slot = cluster.keySlot(counter);
    RedisServer source = cluster.ownerOf(slot);
    SlotMigration migration = cluster.startMigration(slot, anotherMaster(source));
    try {
      migration.moveKeys(counter);
      long refusedBefore = tryAgainReplies();
      CompletableFuture<Integer> call = CompletableFuture.supplyAsync(() -> twice.apply(2), callers);
      Await.until(Duration.ofSeconds(10), () -> tryAgainReplies() > refusedBefore,
          () -> "a TRYAGAIN reply to the tracking script");
      migration.finish(10);
      assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(4);
      // Read while the slot rests on the target; moving it back is only the clean-up.
      assertThat(tracker.count("counted")).as("no count lost").isEqualTo(2);
      assertThat(cluster.command("LRANGE", counter + ":inputs", "0", "-1")).isEqualTo(List.of("[1]", "[2]"));
      assertThat(cluster.command("LRANGE", counter + ":outputs", "0", "-1")).isEqualTo(List.of("2", "4"));
    } finally {
      migration.finish(10);
      cluster.migrateSlot(slot, source, 10);
    }
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void scriptWhoseKeyHasMoved_whileItsSlotMigrates_followsAsk(Form form) throws Exception {
    String key = "{resharding-ask-" + form.name().toLowerCase() + "}key";
    cluster.command("SET", key, "5");
    Command<Object> add = RedisCommands.evalsha(ADD, List.of(utf8(key)), List.of(utf8("2")));
    int slot = cluster.keySlot(key);
    RedisServer source = cluster.ownerOf(slot);
    SlotMigration migration = cluster.startMigration(slot, anotherMaster(source));
    try {
      migration.moveKeys(key);
      assertThat(form.start(redis, add, callers).get(30, TimeUnit.SECONDS)).isEqualTo(7L);
      assertThat(source.command("CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot)))
          .as("the key is gone from the source").isEqualTo(0L);
      // Through the source's ASK, while the slot is still migrating; moving it back is only the clean-up.
      assertThat(cluster.command("GET", key)).as("ran once, on the target").isEqualTo("7");
    } finally {
      migration.finish(10);
      cluster.migrateSlot(slot, source, 10);
    }
  }

  private RedisServer anotherMaster(RedisServer node) {
    return cluster.nodes().stream().filter(n -> !n.equals(node)).findFirst().orElseThrow();
  }

  /** The TRYAGAIN replies of every master since it started ({@code INFO errorstats}, Redis 6.2 and newer). */
  private long tryAgainReplies() {
    long count = 0;
    for (Object info : cluster.commandOnEveryNode("INFO", "errorstats")) {
      Matcher matcher = TRYAGAIN.matcher(String.valueOf(info));
      count += matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }
    return count;
  }
}
