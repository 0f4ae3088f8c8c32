package dev.recall.contract;

import dev.recall.testkit.OnRedisCluster;

/** The whole {@link CacheContractTest} suite on the shared three-master Redis Cluster. */
@OnRedisCluster
class CacheClusterContractTest extends CacheContractTest {}
