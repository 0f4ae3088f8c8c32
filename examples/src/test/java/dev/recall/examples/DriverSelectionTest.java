package dev.recall.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.DriverNotFoundException;
import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** With both drivers on the class path (as here), the caller names one. */
@ExtendWith(RedisServerExtension.class)
class DriverSelectionTest {

  @Test
  void connect_withBothDriversAndNoName_asksToNameOne(RedisServer server) {
    String previous = System.clearProperty(Recall.DRIVER_PROPERTY);
    try {
      assertThatThrownBy(() -> Recall.connect(RedisConfig.fromUrl(server.url())))
          .isInstanceOf(DriverNotFoundException.class)
          .hasMessageContaining("several")
          .hasMessageContaining("jedis")
          .hasMessageContaining("lettuce");
    } finally {
      if (previous != null) {
        System.setProperty(Recall.DRIVER_PROPERTY, previous);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jedi", "Lettuse"})
  void connect_withAMisspeltDriverName_suggestsTheClosest_andNoArtifactThatDoesNotExist(String typo,
      RedisServer server) {
    String closest = typo.equals("jedi") ? "jedis" : "lettuce";
    assertThatThrownBy(() -> Recall.connect(RedisConfig.fromUrl(server.url()), typo))
        .isInstanceOf(DriverNotFoundException.class)
        .hasMessageStartingWith("Recall has no driver named '" + typo + "' (did you mean '" + closest + "'?); its"
            + " drivers are lettuce and jedis, and on the class path: ")
        .hasMessageNotContaining("recall-driver-" + typo);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lettuce", "jedis"})
  void connect_picksTheNamedDriver_byArgumentOrSystemProperty(String driver, RedisServer server) {
    RedisConfig config = RedisConfig.fromUrl(server.url());
    try (RecallClient client = Recall.connect(config, driver)) {
      assertThat(client.driverName()).isEqualTo(driver);
    }
    String previous = System.setProperty(Recall.DRIVER_PROPERTY, driver);
    try (RecallClient client = Recall.connect(config)) {
      assertThat(client.driverName()).isEqualTo(driver);
    } finally {
      if (previous == null) {
        System.clearProperty(Recall.DRIVER_PROPERTY);
      } else {
        System.setProperty(Recall.DRIVER_PROPERTY, previous);
      }
    }
  }
}
