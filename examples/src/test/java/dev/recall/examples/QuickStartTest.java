package dev.recall.examples;

import dev.recall.RedisConfig;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's quick start runs as written, through both drivers. */
@ExtendWith(RedisServerExtension.class)
class QuickStartTest {

  @ParameterizedTest
  @ValueSource(strings = {"lettuce", "jedis"})
  void quickStart_behavesAsTheReadmeSays(String driver, RedisServer server) {
    QuickStart.run(RedisConfig.fromUrl(server.url()), driver);
  }
}
