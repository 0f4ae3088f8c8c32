package dev.recall.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which newer stream commands are used, by server version. */
@ExtendWith(RedisServerExtension.class)
class ServerFeaturesTest {

  @Test
  void fromInfo_readsTheVersion() {
    assertThat(ServerFeatures.fromInfo("# Server\r\nredis_version:7.0.15\r\n")).isEqualTo(ServerFeatures.LEGACY);
    assertThat(ServerFeatures.fromInfo("redis_version:6.2.14\r\n")).isEqualTo(ServerFeatures.LEGACY);
    assertThat(ServerFeatures.fromInfo("redis_version:8.2.1\r\n")).isEqualTo(new ServerFeatures(true, false));
    assertThat(ServerFeatures.fromInfo("redis_version:8.4.0\r\n")).isEqualTo(new ServerFeatures(true, true));
    assertThat(ServerFeatures.fromInfo("no version here")).isEqualTo(ServerFeatures.LEGACY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lettuce", "jedis"})
  void detect_onThisServer_agreesWithItsVersion(String driver, RedisServer server) {
    try (RecallClient client = Recall.connect(RedisConfig.fromUrl(server.url()), driver)) {
      String info = String.valueOf(server.command("INFO", "server"));
      assertThat(ServerFeatures.detect(client.executor())).isEqualTo(ServerFeatures.fromInfo(info));
      assertThat(client.streams()).isSameAs(client.streams());
    }
  }
}
