package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.Cache;
import dev.recall.RecallClient;
import dev.recall.RecallConnectionException;
import dev.recall.RedisConfig;
import dev.recall.testkit.Prerequisites;
import dev.recall.testkit.RedisCluster;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.TestCertificates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Redis Cluster whose nodes accept TLS only ({@code --tls-cluster}: clients, the bus and replication over TLS),
 * with certificates generated for the run: the driver discovers the nodes over TLS, verifies each node's
 * certificate, routes keys to all three masters, and refuses a cluster whose CA it does not trust. Skipped when the
 * {@code redis-server} binary has no TLS (fails in CI).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTlsContractTest {
  private TestCertificates certificates;
  private RedisCluster cluster;

  @BeforeAll
  void startTlsCluster() {
    Prerequisites.redisWithTls();
    certificates = TestCertificates.generate("Recall TLS cluster test");
    cluster = RedisCluster.builder().tls(certificates).start();
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void cache_onEveryMaster_overVerifiedTls() {
    RedisConfig config = RedisConfig.fromUrl(cluster.url());
    assertThat(config.isCluster()).isTrue();
    assertThat(config.tls()).isTrue();
    assertThat(config.tlsVerifyPeer()).isTrue();
    try (RecallClient client = Clients.connect(config)) {
      Cache cache = client.cache("tls-cluster");
      List<String> keys = new ArrayList<>();
      Set<RedisServer> owners = new HashSet<>();
      for (int i = 0; i < 60; i++) {
        String key = cache.store("v" + i, Duration.ofMinutes(1));
        keys.add(key);
        owners.add(cluster.ownerOfKey("tls-cluster:" + key));
      }
      assertThat(owners).as("keys on every master").hasSize(3);
      for (int i = 0; i < 60; i++) {
        assertThat(cache.getString(keys.get(i))).contains("v" + i);
        // Read back through the test kit's own TLS client, following redirections to the owner.
        assertThat(cluster.command("GET", "tls-cluster:" + keys.get(i))).isEqualTo("v" + i);
      }
      assertThat(cache.async().getString(keys.get(7)).join()).contains("v7");
      assertThat(client.health().ok()).isTrue();
    }
  }

  @Test
  void clusterSignedByAnotherCa_isRefused_withATlsCertificateError() {
    TestCertificates other = TestCertificates.generate("Some other cluster CA");
    RedisConfig config = RedisConfig.fromUrl(cluster.url()).toBuilder()
        .tlsCaCertificates(other.caCertificate()).connectTimeout(Duration.ofSeconds(2)).build();
    long start = System.nanoTime();
    assertThatThrownBy(() -> Clients.connect(config))
        .isInstanceOf(RecallConnectionException.class)
        .hasMessageContaining("TLS")
        .hasMessageContaining("certificate");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }
}
