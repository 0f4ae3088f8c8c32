package dev.recall.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.testkit.OnRedisCluster;
import dev.recall.testkit.RedisCluster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The examples' commands with {@code --cluster}, in-process against the shared three-master Redis Cluster. */
@OnRedisCluster
class ClusterExamplesTest {
  // max 3, trace a b c a d b e a (see PolicyTraceTest for the expected counts).
  private static final String TRACE = "a\nb\nc\na\nd\nb\ne\na\n";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Every node's URL, comma-separated: the {@code --cluster} form. */
  private static String seeds(RedisCluster cluster) {
    return String.join(",", cluster.seedUrls());
  }

  @ParameterizedTest
  @CsvSource({
      "lettuce, lru, single, hits=1 misses=7 size=3",
      "jedis, lru, multiple, hits=1 misses=7 size=3",
      "jedis, fifo, single, hits=2 misses=6 size=3",
      "lettuce, fifo, multiple, hits=2 misses=6 size=3",
      "lettuce, lfu, single, hits=2 misses=6 size=3",
      "jedis, mru, multiple, hits=2 misses=6 size=3",
  })
  void policyTrace_onTheCluster_givesTheSingleServerCounts(String driver, String policy, String layout,
      String expected, RedisCluster cluster) {
    int status = run(TRACE, "policy-trace", "--policy", policy, "--max-size", "3", "--layout", layout,
        "--cluster", seeds(cluster), "--driver", driver);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected + System.lineSeparator());
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Using the Redis Cluster you named");
    assertThat(cluster.dbSize()).as("the trace's cache is removed afterwards").isZero();
  }

  @Test
  void policyTrace_acceptsOneSeed_orAMultiSeedUrl(RedisCluster cluster) {
    assertThat(run(TRACE, "policy-trace", "--policy", "lru", "--max-size", "3", "--cluster",
        cluster.seedUrls().get(1))).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(run(TRACE, "policy-trace", "--policy", "lru", "--max-size", "3", "--cluster", cluster.url()))
        .as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
        "hits=1 misses=7 size=3" + System.lineSeparator() + "hits=1 misses=7 size=3" + System.lineSeparator());
  }

  @ParameterizedTest
  @ValueSource(strings = {"lettuce", "jedis"})
  void tour_runsEveryPart_onTheCluster(String driver, RedisCluster cluster) {
    int status = run("", "--cluster", seeds(cluster), "--driver", driver);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Using the Redis Cluster you named")
        .contains("Connected with the " + driver + " driver.")
        .contains("first call: hits=78 misses=81")
        .contains("dead letter after 2 deliveries")
        .contains("multiply was called 2 times:\nmultiply(*(2, 3)) -> 6\nmultiply(*(4, 5)) -> 20\n")
        .contains("requeueUnconfirmed(\"worker-1\") -> 1")
        .contains("Tour finished.");
  }

  @Test
  void streamLoad_onTheCluster_deliversEveryMessage(RedisCluster cluster) {
    int status = run("", "stream-load", "--messages", "300", "--consumers", "2", "--fail-rate", "0.1", "--seed", "3",
        "--cluster", seeds(cluster), "--driver", "jedis");
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).trim())
        .isEqualTo("sent=300 processed=300 duplicates=0 dead=0 pending=0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"policy-trace --policy lru --max-size 3", "tour", "stream-load --messages 1"})
  void redisAndClusterTogether_isAUsageError(String command, RedisCluster cluster) {
    List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
    args.addAll(List.of("--redis", cluster.seedUrls().get(0), "--cluster", seeds(cluster)));
    int status = run("", args.toArray(String[]::new));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--redis and --cluster cannot be used together")
        .contains("usage:");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void malformedClusterUrl_isAUsageError() {
    int status = run("", "policy-trace", "--policy", "lru", "--max-size", "3", "--cluster", "redis://h:notaport");
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--cluster:").contains("usage:");
  }

  private int run(String stdin, String... args) {
    return Main.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }
}
