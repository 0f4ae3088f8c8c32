package dev.recall.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shared cluster fixture: formed, routed, migrated, flushed; and start failures. */
@OnRedisCluster
class RedisClusterTest {

  @Test
  void sharedCluster_hasThreeMastersOwningAllSlots_onPortsWithRoomForTheBus(RedisCluster cluster) {
    assertThat(cluster.nodes()).hasSize(3);
    Set<String> ids = new HashSet<>();
    for (RedisServer node : cluster.nodes()) {
      assertThat(node.port()).isLessThanOrEqualTo(55535);
      String info = String.valueOf(node.command("CLUSTER", "INFO"));
      assertThat(info).contains("cluster_state:ok").contains("cluster_known_nodes:3")
          .contains("cluster_slots_assigned:16384");
      ids.add(cluster.nodeId(node));
    }
    assertThat(ids).hasSize(3);
    assertThat(cluster.ownerOf(0)).isEqualTo(cluster.nodes().get(0));
    assertThat(cluster.ownerOf(16383)).isEqualTo(cluster.nodes().get(2));
    assertThat(cluster.url()).startsWith("redis://127.0.0.1:").contains(",");
    assertThat(cluster.seedUrls()).hasSize(3).allSatisfy(url -> assertThat(url).startsWith("redis://127.0.0.1:"));
    assertThat(cluster.isCluster()).isTrue();
  }

  @Test
  void command_followsRedirections_toTheKeysNode(RedisTarget target, RedisCluster cluster) {
    assertThat(target).isSameAs(cluster);
    for (int i = 0; i < 30; i++) {
      assertThat(cluster.command("SET", "key-" + i, "v" + i)).isEqualTo("OK");
    }
    assertThat(cluster.dbSize()).isEqualTo(30);
    for (int i = 0; i < 30; i++) {
      String key = "key-" + i;
      RedisServer owner = cluster.ownerOfKey(key);
      assertThat(owner.command("EXISTS", key)).as(key).isEqualTo(1L);
      assertThat(cluster.command("GET", key)).isEqualTo("v" + i);
    }
    // Keys spread over every master.
    assertThat(cluster.commandOnEveryNode("DBSIZE")).allSatisfy(size -> assertThat((Long) size).isPositive());
  }

  @Test
  void keySlot_honoursHashTags(RedisCluster cluster) {
    assertThat(cluster.keySlot("{user:1}:a")).isEqualTo(cluster.keySlot("{user:1}:b"))
        .isEqualTo(cluster.keySlot("user:1"));
    assertThat(cluster.keySlot("foo")).isEqualTo(12182);
  }

  @Test
  void flush_runsBeforeEachTest_onEveryMaster(RedisCluster cluster) {
    assertThat(cluster.dbSize()).isZero();
    cluster.command("SET", "a", "1");
    cluster.command("SET", "b", "2");
    cluster.flush();
    assertThat(cluster.dbSize()).isZero();
  }

  @Test
  void migrateSlot_movesTheKeysAndOwnership_andEveryNodeAgrees(RedisCluster cluster) {
    String tag = "{migrate}";
    int slot = cluster.keySlot(tag);
    for (int i = 0; i < 25; i++) {
      cluster.command("SET", tag + i, Integer.toString(i));
    }
    RedisServer source = cluster.ownerOf(slot);
    RedisServer target = cluster.nodes().stream().filter(n -> !n.equals(source)).findFirst().orElseThrow();
    cluster.migrateSlot(slot, target, 7);
    assertThat(cluster.ownerOf(slot)).isEqualTo(target);
    assertThat(target.command("CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot))).isEqualTo(25L);
    assertThat(source.command("CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot))).isEqualTo(0L);
    for (RedisServer node : cluster.nodes()) {
      assertThat(cluster.ownerOf(slot, node)).as("node %s's view", node.port()).isEqualTo(target);
    }
    assertThat(cluster.command("GET", tag + 24)).isEqualTo("24");
    // And back, so the layout other tests see stays the even split.
    cluster.migrateSlot(slot, source, 100);
    assertThat(cluster.ownerOf(slot)).isEqualTo(source);
    assertThat(cluster.command("GET", tag + 3)).isEqualTo("3");
    assertThatThrownBy(() -> cluster.migrateSlot(16384, target, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16384");
  }

  @Test
  void embeddedRedis62_formsAClusterToo_withoutAddSlotsRange() {
    try (RedisCluster small = RedisCluster.start(RedisBinaries.embedded(), 2)) {
      assertThat(String.valueOf(small.nodes().get(0).command("INFO", "server"))).contains("redis_version:6.2");
      assertThat(small.command("SET", "k", "v")).isEqualTo("OK");
      assertThat(small.command("GET", "k")).isEqualTo("v");
      assertThat(small.ownerOf(16383)).isEqualTo(small.nodes().get(1));
      List<RedisServer> nodes = small.nodes();
      small.close();
      assertThat(nodes).noneMatch(RedisServer::isUp);
    }
  }

  @Test
  void missingRedisServer_failsAtOnce_namingWhatToInstall() {
    Path missing = Path.of("/nonexistent/redis-server");
    assertThatThrownBy(() -> RedisCluster.start(missing, 3))
        .isInstanceOf(RedisServerException.class)
        .hasMessageContaining("/nonexistent/redis-server")
        .hasMessageContaining("install Redis");
    assertThatThrownBy(() -> RedisCluster.start(missing, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
