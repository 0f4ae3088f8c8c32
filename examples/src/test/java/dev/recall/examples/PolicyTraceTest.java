package dev.recall.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs {@code policy-trace} in-process, through both drivers and both layouts. */
@ExtendWith(RedisServerExtension.class)
class PolicyTraceTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  // max 3, trace a b c a d b e a: LRU -> hits: a (4th); d evicts b; b misses, evicts c; e evicts a; a misses.
  private static final String TRACE = "a\nb\nc\na\nd\nb\ne\na\n";

  @ParameterizedTest
  @CsvSource({
      "lettuce, lru, single, hits=1 misses=7 size=3",
      "jedis, lru, multiple, hits=1 misses=7 size=3",
      "lettuce, fifo, multiple, hits=2 misses=6 size=3",
      "jedis, fifo, single, hits=2 misses=6 size=3",
      "jedis, lfu, single, hits=2 misses=6 size=3",
      "lettuce, mru, single, hits=2 misses=6 size=3",
  })
  void smallTrace_givesExactCounts(String driver, String policy, String layout, String expected,
      RedisServer server) {
    int status = run(TRACE, "policy-trace", "--policy", policy, "--max-size", "3", "--layout", layout,
        "--redis", server.url(), "--driver", driver);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected + System.lineSeparator());
    assertThat(server.command("DBSIZE")).as("the trace's cache is removed afterwards").isEqualTo(0L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rr", "tlru"})
  void approximatePolicies_keepTheSizeBound(String policy, RedisServer server) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      keys.add("k" + (i * 7919 % 31));
    }
    int status = run(String.join("\n", keys) + "\n", "policy-trace", "--policy", policy, "--max-size", "10",
        "--redis", server.url());
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String line = out.toString(StandardCharsets.UTF_8).trim();
    assertThat(line).matches("hits=\\d+ misses=\\d+ size=10");
    String[] parts = line.split("[= ]");
    assertThat(Long.parseLong(parts[1]) + Long.parseLong(parts[3])).isEqualTo(200);
  }

  @Test
  void withoutAServer_startsItsOwn_orUsesRedisUrl_andKeepsStdoutToTheResult() {
    int status = run("x\nx\n", "policy-trace", "--policy", "lru", "--max-size", "5");
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hits=1 misses=1 size=1" + System.lineSeparator());
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(ExampleServers.redisUrlSet() ? "Using the Redis server you named" : "Started a private Redis");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "policy-trace",
      "policy-trace --policy lru",
      "policy-trace --max-size 3",
      "policy-trace --policy nope --max-size 3",
      "policy-trace --policy lru --max-size 0",
      "policy-trace --policy lru --max-size x",
      "policy-trace --policy lru --max-size 3 --layout diagonal",
      "policy-trace --policy lru --max-size 3 --bogus 1",
  })
  void badArguments_printUsage_andExitTwo(String args) {
    int status = run("", args.split(" "));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:").contains("policy-trace");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  private int run(String stdin, String... args) {
    return Main.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }
}
