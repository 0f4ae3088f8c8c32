package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.PolicyNotFoundException;
import dev.recall.RecallClient;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client's registry of function caches as far as a driver module can see it: the policies are not on its class
 * path, so every request fails, and a failed request registers nothing that a later one could collide with. The
 * registry's sharing, its config check and concurrent creation run through both drivers in the policies module
 * ({@code FunctionCacheRegistryTest}), where caches can be built.
 */
@ExtendWith(RedisServerExtension.class)
class NamedFeaturesContractTest {

  @Test
  void functionCache_withoutPolicies_failsEveryTime_andRegistersNothing(RedisServer server) {
    try (RecallClient client = Clients.connect(server)) {
      for (int attempt = 0; attempt < 2; attempt++) {
        assertThatThrownBy(() -> client.functionCache("pricing"))
            .isInstanceOf(PolicyNotFoundException.class)
            .hasMessageContaining("dev.recall:recall-policies");
      }
      // Not an IllegalArgumentException about a differing config: the failed requests left no 'pricing' behind.
      assertThatThrownBy(() -> client.functionCache(
          FunctionCacheConfig.builder("pricing").policy(EvictionPolicy.LFU).maxSize(200).build()))
          .isInstanceOf(PolicyNotFoundException.class);
    }
  }
}
