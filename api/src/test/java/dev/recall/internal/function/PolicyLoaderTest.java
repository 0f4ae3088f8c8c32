package dev.recall.internal.function;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.PolicyNotFoundException;
import dev.recall.function.EvictionPolicy;
import org.junit.jupiter.api.Test;

/** The api module alone has no policies: asking for one says which dependency to add. */
class PolicyLoaderTest {

  @Test
  void find_withoutThePoliciesModule_namesTheDependency() {
    assertThatThrownBy(() -> PolicyLoader.find(EvictionPolicy.LRU))
        .isInstanceOf(PolicyNotFoundException.class)
        .hasMessageContaining("dev.recall:recall-policies")
        .hasMessageContaining("LRU");
  }
}
