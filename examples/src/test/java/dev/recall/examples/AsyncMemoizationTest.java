package dev.recall.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.RedisConfig;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's async memoization example runs as written, through both drivers: one fetch for two calls. */
@ExtendWith(RedisServerExtension.class)
class AsyncMemoizationTest {

  @ParameterizedTest
  @ValueSource(strings = {"lettuce", "jedis"})
  void secondCall_isAHit(String driver, RedisServer server) {
    assertThat(AsyncMemoization.run(RedisConfig.fromUrl(server.url()), driver)).isEqualTo(1);
  }
}
