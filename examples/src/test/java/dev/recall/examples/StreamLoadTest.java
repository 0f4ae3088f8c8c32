package dev.recall.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stream-load command, in-process against a real server, through both drivers. */
@ExtendWith(RedisServerExtension.class)
class StreamLoadTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @ParameterizedTest
  @ValueSource(strings = {"lettuce", "jedis"})
  void streamLoad_withFailures_handlesEveryMessageOnce(String driver, RedisServer server) {
    int status = run("stream-load", "--messages", "3000", "--consumers", "3", "--fail-rate", "0.1", "--seed", "42",
        "--redis", server.url(), "--driver", driver);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("sent=3000 processed=3000 duplicates=0 dead=0 pending=0");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "stream-load --consumers 2 --fail-rate 0",
      "stream-load --messages x --consumers 2 --fail-rate 0",
      "stream-load --messages 10 --consumers 0 --fail-rate 0",
      "stream-load --messages 10 --consumers 2 --fail-rate 1.5",
      "stream-load --messages 10 --consumers 2",
      "stream-load --messages 10 --consumers 2 --fail-rate 0 --bogus 1"})
  void streamLoad_badArguments_printUsage_andExitTwo(String args) {
    assertThat(run(args.split(" "))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("error:").contains("usage:");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Started a private Redis");
  }

  private int run(String... args) {
    return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }
}
