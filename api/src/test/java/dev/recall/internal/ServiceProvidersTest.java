package dev.recall.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.ModuleNotFoundException;
import dev.recall.stream.spi.StreamsProvider;
import org.junit.jupiter.api.Test;

/** Without recall-streams on the class path (as in this module), streams() names the dependency to add. */
class ServiceProvidersTest {

  @Test
  void first_missingModule_namesTheDependency() {
    assertThatThrownBy(() -> ServiceProviders.first(StreamsProvider.class, "dev.recall:recall-streams"))
        .isInstanceOf(ModuleNotFoundException.class)
        .hasMessageContaining("dev.recall:recall-streams");
  }
}
