package dev.recall.policies;

import dev.recall.testkit.OnRedisCluster;

/**
 * The whole {@link PolicyEvictionTest} suite on the shared three-master Redis Cluster, through both drivers: the
 * same exact hit counts on random traces as on one server, since the hash-tagged pair keeps each script on one node.
 */
@OnRedisCluster
class PolicyEvictionClusterTest extends PolicyEvictionTest {
  PolicyEvictionClusterTest(String driver) {
    super(driver);
  }
}
