package dev.recall.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.RedisConfig;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's quick start runs as written, through both drivers. Besides the example's own checks of the values
 * it reads, its printed output must show that {@code getInt} on the "hello" key threw: the example catches the
 * {@code ValueConversionException} and prints its message, so that line is the only trace of it.
 */
@ExtendWith(RedisServerExtension.class)
class QuickStartTest {
  private static final Pattern CONVERSION_ERROR =
      Pattern.compile("value under key '([0-9a-f-]{36})' cannot be converted to int: 'hello'");

  @ParameterizedTest
  @ValueSource(strings = {"lettuce", "jedis"})
  void quickStart_behavesAsTheReadmeSays(String driver, RedisServer server) {
    List<String> lines = printedBy(() -> QuickStart.run(RedisConfig.fromUrl(server.url()), driver));

    assertThat(lines).first().asString().startsWith("Health[ok=true");
    List<Matcher> errors = lines.stream().map(CONVERSION_ERROR::matcher).filter(Matcher::matches).toList();
    assertThat(errors).as("getInt(key of \"hello\") threw and its message was printed; output: %s", lines)
        .hasSize(1);
    // The message names the key the example stored "hello" under, not some other key.
    assertThat(server.command("GET", errors.get(0).group(1))).isEqualTo("hello");
  }

  /** Runs {@code body} with {@code System.out} captured, and returns the lines it printed. */
  private static List<String> printedBy(Runnable body) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
