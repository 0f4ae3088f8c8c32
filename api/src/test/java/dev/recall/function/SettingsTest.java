package dev.recall.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.internal.Limits;
import org.junit.jupiter.api.Test;

/**
 * The name check {@link FunctionSpec} runs in its public package must stay the engine's key check: same limit, same
 * message.
 */
class SettingsTest {

  @Test
  void maxNameBytes_equalsTheEnginesKeyLimit() {
    assertThat(Settings.MAX_NAME_BYTES).isEqualTo(Limits.MAX_KEY_BYTES);
  }

  @Test
  void withinKeyLimit_tooLongName_failsWithTheEnginesMessage() {
    String name = "é".repeat(Limits.MAX_KEY_BYTES / 2) + "x";
    String engine = messageOf(() -> Limits.name("function name", name));

    assertThatThrownBy(() -> Settings.withinKeyLimit("function name", name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(engine)
        .hasMessageStartingWith("function name is 65537 bytes");
  }

  @Test
  void withinKeyLimit_nameAtTheLimit_isReturned() {
    String name = "n".repeat(Limits.MAX_KEY_BYTES);

    assertThat(Settings.withinKeyLimit("function name", name)).isSameAs(name);
    assertThat(FunctionSpec.of(name, String.class).name()).isSameAs(name);
  }

  @Test
  void functionSpec_nameOverTheLimit_isRefusedAtBuild() {
    assertThatThrownBy(() -> FunctionSpec.builder("n".repeat(Limits.MAX_KEY_BYTES + 1), String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("function name is 65537 bytes, over Recall's limit of 65536 bytes for a key");
  }

  private static String messageOf(Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected the engine's check to refuse the name");
  }
}
