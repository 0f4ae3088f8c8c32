package dev.recall.policies;

import dev.recall.testkit.OnRedisCluster;

/**
 * The whole {@link TrackingMemoizationTest} suite on the shared three-master Redis Cluster, through both drivers:
 * the tracker's hash-tagged keys and the cache's pair live on different slots, and both still compose.
 */
@OnRedisCluster
class TrackingMemoizationClusterTest extends TrackingMemoizationTest {
  TrackingMemoizationClusterTest(String driver) {
    super(driver);
  }
}
