package dev.recall;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The API module alone has no driver: connecting must say which dependency to add. */
class DriverLoaderTest {

  @Test
  void connect_withoutADriver_namesTheDependenciesToAdd() {
    assertThatThrownBy(() -> Recall.connect(RedisConfig.builder().build()))
        .isInstanceOf(DriverNotFoundException.class)
        .hasMessageContaining("dev.recall:recall-driver-lettuce")
        .hasMessageContaining("dev.recall:recall-driver-jedis");
  }
}
