package dev.recall.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.ModuleNotFoundException;
import dev.recall.spi.StreamsProvider;
import org.junit.jupiter.api.Test;

/** Without recall-streams on the class path (as in this module), streams() names the dependency to add. */
class FeatureLoaderTest {

  @Test
  void load_missingModule_namesTheDependency() {
    assertThatThrownBy(() -> FeatureLoader.load(StreamsProvider.class, "dev.recall:recall-streams"))
        .isInstanceOf(ModuleNotFoundException.class)
        .hasMessageContaining("dev.recall:recall-streams");
  }
}
