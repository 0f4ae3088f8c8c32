package dev.recall.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RecallConnectionException;
import dev.recall.RedisConfig;
import dev.recall.internal.RedisCommands;
import dev.recall.internal.SetCondition;
import dev.recall.testkit.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * After a server restart every pooled connection is stale. The first command that meets one fails (it is never
 * resent: it may have run), and the pool's other idle connections are closed with it, so the next command opens a
 * fresh connection instead of failing on the next stale one.
 */
class StaleConnectionsTest {

  @Test
  void afterARestart_oneCallFails_thenTheNextOpensAFreshConnection() {
    try (RedisServer server = RedisServer.spawn();
        RecallClient client = Recall.connect(RedisConfig.fromUrl(server.url()).toBuilder().poolSize(16)
            .commandTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(1)).build(), "jedis")) {
      byte[] key = "stale".getBytes(StandardCharsets.UTF_8);
      client.executor().execute(RedisCommands.set(key, "before".getBytes(StandardCharsets.UTF_8), null, SetCondition.ALWAYS));
      server.kill();
      server.restart();

      int failures = 0;
      int successes = 0;
      for (int call = 0; call < 40; call++) {
        try {
          client.executor().execute(RedisCommands.get(key));
          successes++;
        } catch (RecallConnectionException e) {
          failures++;
        }
      }
      // Without closing the idle connections, each of the 16 pooled ones would fail one call in turn.
      assertThat(failures).as("calls that met a stale connection").isLessThanOrEqualTo(1);
      assertThat(successes).isGreaterThanOrEqualTo(39);
    }
  }
}
