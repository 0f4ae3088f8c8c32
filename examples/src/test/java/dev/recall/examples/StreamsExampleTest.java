package dev.recall.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's streams example is the code of {@link StreamsExample}, with its imports, and runs as it says. */
@ExtendWith(RedisServerExtension.class)
class StreamsExampleTest {
  private static final Path SOURCE = Path.of("src/main/java/dev/recall/examples/StreamsExample.java");
  private static final Path README = Path.of("../README.md");

  @ParameterizedTest
  @ValueSource(strings = {"lettuce", "jedis"})
  void streamsExample_billsEveryOrder_andDeadLettersNone(String driver, RedisServer server) {
    StreamsExample example = new StreamsExample();
    try (RecallClient recall = Recall.connect(RedisConfig.fromUrl(server.url()), driver)) {
      example.run(recall);
    }
    assertThat(example.billed).containsExactlyInAnyOrder(7L, 8L, 9L);
    assertThat(example.dead).isEmpty();
  }

  @Test
  void readme_showsTheExampleAsCompiled_withItsImports() throws IOException {
    String source = Files.readString(SOURCE);
    Matcher region = Pattern.compile("// README streams begin\n(.*?)\n\\s*// README streams end", Pattern.DOTALL)
        .matcher(source);
    assertThat(region.find()).isTrue();
    String code = region.group(1).lines()
        .filter(line -> !line.contains("(not in the README)"))
        .map(line -> line.length() >= 4 ? line.substring(4) : line.strip())
        .collect(Collectors.joining("\n"));

    String block = readmeBlockContaining("Streams streams = recall.streams();");
    assertThat(block).contains(code);
    List<String> imports = block.lines().filter(line -> line.startsWith("import "))
        .map(line -> line.replaceFirst("\\s*//.*", "")).toList();
    assertThat(imports).isNotEmpty();
    assertThat(source.lines().toList()).containsAll(imports);
  }

  private static String readmeBlockContaining(String text) throws IOException {
    Matcher blocks = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
    while (blocks.find()) {
      if (blocks.group(1).contains(text)) {
        return blocks.group(1);
      }
    }
    throw new AssertionError("no java block of the README contains " + text);
  }
}
