package dev.recall.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Runs the examples' commands in-process against a real server, through both drivers. */
@ExtendWith(RedisServerExtension.class)
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @ParameterizedTest
  @ValueSource(strings = {"lettuce", "jedis"})
  void tour_runsEveryPart_againstTheNamedServer(String driver, RedisServer server) {
    int status = run("--redis", server.url(), "--driver", driver);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(stdout())
        .contains("Using the Redis server you named")
        .contains("Connected with the " + driver + " driver.")
        .contains("Health: ok")
        .contains("getString(unknown key) -> Optional.empty")
        .contains("ValueConversionException")
        .contains("fib(80) -> 23416728348467685")
        .contains("async square(12) twice -> 144 (memoizeAsync: misses=1 hits=1, composed as futures)")
        .contains("first call: hits=78 misses=81")
        .contains("second call: hits=1 misses=0")
        .contains("cache.gets{function=fib,result=hit,tier=remote} count=79")
        .contains("cache.gets{function=fib,result=miss,tier=remote} count=81")
        .containsPattern("near cache: cube\\(7\\) -> 343; a remote hit took [0-9.]+ us, a near hit [0-9.]+ us"
            + " \\(no Redis command\\)")
        .contains("cache.load{function=fib,result=success} count=81")
        .contains("cache.size value=81")
        .contains("== Streams: a producer and two consumers in one group ==")
        .contains("dead letter after 2 deliveries")
        .contains("Cache.store was called 3 times:\nCache.store(*('foo',)) -> ")
        .contains("Cache.store(*('42',)) -> ")
        .contains("multiply was called 2 times:\nmultiply(*(2, 3)) -> 6\nmultiply(*(4, 5)) -> 20\n")
        .contains("increment(\"Brett\", 1) -> 11")
        .contains("pop(\"Raymond\", \"Default value\") -> Default value")
        .contains("length() -> 2, toMap() -> {Brett=11, Guido=van Rossum}")
        .contains("get() -> first, getNowait() -> second")
        .contains("getNowait() on an empty queue -> QueueEmptyException: queue 'tour:jobs' is empty")
        .contains("requeueUnconfirmed(\"worker-1\") -> 1")
        .contains("taken again and confirmed -> resize image (unconfirmed: 0)")
        .contains("Tour finished.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lettuce", "jedis"})
  void tour_againstANamedServer_leavesOnlyTheKeysItSaysItLeaves(String driver, RedisServer server) {
    int status = run("--redis", server.url(), "--driver", driver);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Matcher said = Pattern.compile("Left in Redis for you to inspect[^:]*: (.*)").matcher(stdout());
    assertThat(said.find()).as(stdout()).isTrue();
    Set<String> named = Set.of(said.group(1).split(", "));
    assertThat(named).containsExactlyInAnyOrder("Cache.store", "Cache.store:inputs", "Cache.store:outputs",
        "multiply", "multiply:inputs", "multiply:outputs");
    assertThat(lastingKeys(server)).containsExactlyInAnyOrderElementsOf(named);
    assertThat(stdout()).contains("DEL " + String.join(" ", said.group(1).split(", ")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lettuce", "jedis"})
  void streamLoad_againstANamedServer_leavesNothing(String driver, RedisServer server) {
    int status = run("stream-load", "--messages", "200", "--consumers", "2", "--fail-rate", "0.05",
        "--redis", server.url(), "--driver", driver);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(lastingKeys(server)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"lettuce", "jedis"})
  void policyTrace_againstANamedServer_leavesNothing(String driver, RedisServer server) {
    int status = Main.run(List.of("policy-trace", "--policy", "lru", "--max-size", "3", "--redis", server.url(),
            "--driver", driver), new ByteArrayInputStream("a\nb\nc\na\nd\n".getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(stdout()).isEqualTo("hits=1 misses=4 size=3" + System.lineSeparator());
    assertThat(lastingKeys(server)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "help"})
  void help_printsUsage_andExitsZero(String arg) {
    int status = run(arg);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(stdout()).startsWith("usage:");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void tour_withoutAServer_startsAndStopsItsOwn_orUsesRedisUrl() {
    int status = run();
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    // With REDIS_URL set (the tests' named-server mode) the tour takes that server, as its usage says.
    assertThat(stdout()).contains(ExampleServers.redisUrlSet() ? "Using the Redis server you named"
        : "Started a private Redis for this run on 127.0.0.1:").contains("Tour finished.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bogus", "--driver", "--driver=x", "--nope 1"})
  void badArguments_printUsage_andExitTwo(String arg) {
    int status = run(arg.split(" "));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
  }

  private int run(String... args) {
    return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /**
   * The keys but request keys (of tracked calls and stream sends), which expire by themselves: within the default
   * command timeout (2 s) twice plus 2 s, which this checks.
   */
  private static List<String> lastingKeys(RedisServer server) {
    List<String> keys = keys(server);
    assertThat(keys).filteredOn(key -> key.contains(":req:"))
        .allSatisfy(key -> assertThat((Long) server.command("PTTL", key)).as("a TTL, or gone since (-2)")
            .isNotEqualTo(-1L).isLessThanOrEqualTo(6_000L));
    return keys.stream().filter(key -> !key.contains(":req:")).toList();
  }

  private static List<String> keys(RedisServer server) {
    List<?> reply = (List<?>) server.command("KEYS", "*");
    return reply.stream().map(String::valueOf).toList();
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }
}
