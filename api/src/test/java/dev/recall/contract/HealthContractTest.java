package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Health;
import dev.recall.RecallClient;
import dev.recall.RecallConnectionException;
import dev.recall.RedisConfig;
import dev.recall.testkit.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Health checks when the server is up, stopped, and back. */
class HealthContractTest {

  @Test
  void health_reportsUpDownAndRecovery_andNeverThrows() throws InterruptedException {
    try (RedisServer server = RedisServer.spawn()) {
      RedisConfig config = RedisConfig.fromUrl(server.url()).toBuilder()
          .commandTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500)).build();
      try (RecallClient client = Clients.connect(config)) {
        Health up = client.health();
        assertThat(up.ok()).isTrue();
        assertThat(up.error()).isNull();
        assertThat(up.latency()).isPositive().isLessThan(Duration.ofSeconds(2));
        assertThat(client.healthAsync().join().ok()).isTrue();

        server.stop();
        Health down = client.health();
        assertThat(down.ok()).isFalse();
        assertThat(down.error()).isInstanceOf(RecallConnectionException.class);
        assertThat(down.failure()).isPresent();
        assertThat(down.latency()).isLessThan(Duration.ofSeconds(5));
        Health downAsync = client.healthAsync().join();
        assertThat(downAsync.ok()).isFalse();
        assertThat(downAsync.error()).isInstanceOf(RecallConnectionException.class);

        server.restart();
        Await.until(Duration.ofSeconds(15), client::health, Health::ok, () -> "recovery without a new client");
      }
    }
  }
}
