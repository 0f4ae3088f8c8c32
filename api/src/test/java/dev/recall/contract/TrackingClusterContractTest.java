package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallClient;
import dev.recall.testkit.OnRedisCluster;
import dev.recall.testkit.RedisCluster;
import dev.recall.tracking.CallTracker;
import dev.recall.tracking.TrackingOptions;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The whole {@link TrackingContractTest} suite on the shared three-master Redis Cluster, plus the cluster key
 * layout: {@code <prefix>{<name>}}, {@code <prefix>{<name>}:inputs} and {@code <prefix>{<name>}:outputs} share a
 * slot (the one script call per call touches all three), while different names spread over slots.
 */
@OnRedisCluster
class TrackingClusterContractTest extends TrackingContractTest {

  @Test
  void eachNamesKeys_shareOneSlot_andNamesSpreadOverSlots(RedisCluster cluster) {
    try (RecallClient client = Clients.connect(cluster)) {
      CallTracker tracker = client.tracking(TrackingOptions.builder().prefix("calls:").build());
      Set<Integer> slots = new HashSet<>();
      for (int i = 0; i < 12; i++) {
        String name = "f" + i;
        Function<Integer, Integer> f = tracker.trackCalls(name).function(x -> x + 1);
        assertThat(f.apply(i)).isEqualTo(i + 1);
        String counter = "calls:{" + name + "}";
        int slot = cluster.keySlot(counter);
        assertThat(cluster.keySlot(counter + ":inputs")).isEqualTo(slot);
        assertThat(cluster.keySlot(counter + ":outputs")).isEqualTo(slot);
        assertThat(cluster.command("GET", counter)).isEqualTo("1");
        assertThat(cluster.command("LRANGE", counter + ":inputs", "0", "-1")).isEqualTo(java.util.List.of("[" + i + "]"));
        slots.add(slot);
      }
      assertThat(slots).hasSizeGreaterThan(1);
    }
  }

  @Test
  void nameThatWouldEmptyTheHashTag_isRefusedAtOnce(RedisCluster cluster) {
    try (RecallClient client = Clients.connect(cluster)) {
      assertThatThrownBy(() -> client.tracking().trackCalls("}x")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'}x'");
      CallTracker braces = client.tracking(TrackingOptions.builder().prefix("a{}").build());
      assertThatThrownBy(() -> braces.countCalls("x")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("prefix");
    }
  }
}
