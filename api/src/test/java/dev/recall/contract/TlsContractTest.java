package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.Cache;
import dev.recall.RecallClient;
import dev.recall.RecallConnectionException;
import dev.recall.RedisConfig;
import dev.recall.testkit.Prerequisites;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.TestCertificates;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * TLS ({@code rediss://}) against a real {@code redis-server} that listens on a TLS port only, with a CA and server
 * certificate generated for the run: the server's certificate is verified by default, a client trusting another CA
 * (or only the JVM's default trust store) is refused with a TLS error, and only an explicit
 * {@code tlsVerifyPeer(false)} skips the check. Skipped when the {@code redis-server} binary has no TLS (fails in CI).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsContractTest {
  private TestCertificates certificates;
  private RedisServer server;

  @BeforeAll
  void startTlsServer() {
    Prerequisites.redisWithTls();
    certificates = TestCertificates.generate("Recall TLS test");
    server = RedisServer.spawnTls(certificates);
  }

  @BeforeEach
  void flush() {
    server.flush();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void cache_worksOverTls_withTheServerCertificateVerified() {
    RedisConfig config = RedisConfig.fromUrl(server.url());
    assertThat(config.tls()).isTrue();
    assertThat(config.tlsVerifyPeer()).isTrue();
    assertThat(config.tlsCaCertificates()).isEqualTo(certificates.caCertificate());
    try (RecallClient client = Clients.connect(config)) {
      Cache cache = client.cache("tls");
      String key = cache.store("over tls", Duration.ofMinutes(1));
      assertThat(cache.getString(key)).contains("over tls");
      assertThat(server.command("GET", "tls:" + key)).isEqualTo("over tls");
      assertThat(client.health().ok()).isTrue();
      assertThat(cache.async().getString(key).join()).contains("over tls");
    }
  }

  @Test
  void hostName_localhost_isInTheCertificate_andAccepted() {
    RedisConfig config = RedisConfig.fromUrl(server.url()).toBuilder().host("localhost").build();
    try (RecallClient client = Clients.connect(config)) {
      assertThat(client.cache().getString(client.cache().store("named"))).contains("named");
    }
  }

  @Test
  void clientTrustingAnotherCa_isRefused_withATlsCertificateError() {
    TestCertificates other = TestCertificates.generate("Some other");
    RedisConfig config = RedisConfig.fromUrl(server.url()).toBuilder()
        .tlsCaCertificates(other.caCertificate()).connectTimeout(Duration.ofSeconds(2)).build();
    long start = System.nanoTime();
    assertThatThrownBy(() -> Clients.connect(config))
        .isInstanceOf(RecallConnectionException.class)
        .hasMessageContaining("TLS")
        .hasMessageContaining("certificate")
        .hasMessageContaining(String.valueOf(server.port()));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    assertThat(server.dbSize()).isZero();
  }

  @Test
  void verificationIsOnByDefault_soTheJvmTrustStoreAloneRefusesATestCa() {
    RedisConfig config = RedisConfig.fromUrl(server.url()).toBuilder().tlsCaCertificates(null).build();
    assertThatThrownBy(() -> Clients.connect(config))
        .isInstanceOf(RecallConnectionException.class)
        .hasMessageContaining("TLS")
        .hasMessageContaining("certificate");
  }

  @Test
  void tlsVerifyPeerFalse_isTheExplicitOptOut_andConnectsDespiteAnUntrustedCertificate() {
    RedisConfig config = RedisConfig.fromUrl(server.url()).toBuilder()
        .tlsCaCertificates(null).tlsVerifyPeer(false).build();
    assertThat(config.toUrl()).contains("tlsVerifyPeer=false");
    try (RecallClient client = Clients.connect(config)) {
      assertThat(client.health().ok()).isTrue();
    }
  }

  @Test
  void plainTextClient_onTheTlsPort_failsWithOurException_inBoundedTime() {
    RedisConfig config = RedisConfig.fromUrl(server.url()).toBuilder().tlsCaCertificates(null).tls(false)
        .connectTimeout(Duration.ofMillis(500)).commandTimeout(Duration.ofMillis(500)).build();
    long start = System.nanoTime();
    assertThatThrownBy(() -> Clients.connect(config)).isInstanceOf(RecallConnectionException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }
}
