package dev.recall.contract;

import dev.recall.testkit.OnRedisCluster;
import dev.recall.testkit.RedisServer;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The {@link ConnectionContractTest} tests that use the shared target, on the shared three-master Redis Cluster; the
 * ones that start servers of their own only make sense on a single server.
 */
@OnRedisCluster
class ConnectionClusterContractTest extends ConnectionContractTest {

  @Override
  @Test
  @Disabled("starts a single server of its own; covered by ConnectionContractTest")
  void connect_findsTheDriverWithServiceLoader() {}

  @Override
  @Test
  @Disabled("no server involved; covered by ConnectionContractTest")
  void connect_withAnUnknownDriverName_namesTheDriversThatExist() {}

  @Override
  @Test
  @Disabled("a cluster has database 0 only; ClusterContractTest checks the client name on every node")
  void configFields_databaseAndClientName_areApplied(RedisServer server) {}

  @Override
  @Test
  @Disabled("starts a single server of its own; covered by ConnectionContractTest")
  void password_andAclUser_authenticate_andWrongPasswordFailsWithoutLeakingIt() {}

  @Override
  @Test
  @Disabled("a single unreachable address; ClusterContractTest covers unreachable cluster seeds")
  void unreachableServer_failsFastWithOurException() {}
}
