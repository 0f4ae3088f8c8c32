package dev.recall.contract;

import dev.recall.testkit.OnRedisCluster;

/** The whole {@link MapContractTest} suite on the shared three-master Redis Cluster: a map is one hash, one slot. */
@OnRedisCluster
class MapClusterContractTest extends MapContractTest {}
