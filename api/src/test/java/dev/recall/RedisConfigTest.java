package dev.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedisConfigTest {

  @Test
  void builder_setsEveryField() {
    RedisConfig config = RedisConfig.builder()
        .host("127.0.0.1").port(6380).database(4).username("app").password("pw").tls(true)
        .connectTimeout(Duration.ofMillis(1500)).commandTimeout(Duration.ofSeconds(3))
        .clientName("worker-1").poolSize(32).build();
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(6380);
    assertThat(config.database()).isEqualTo(4);
    assertThat(config.username()).isEqualTo("app");
    assertThat(config.password()).isEqualTo("pw");
    assertThat(config.tls()).isTrue();
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.commandTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.clientName()).isEqualTo("worker-1");
    assertThat(config.poolSize()).isEqualTo(32);
    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  @Test
  void defaults_areLocalhostPlainDatabaseZero() {
    RedisConfig config = RedisConfig.builder().build();
    assertThat(config.toUrl()).isEqualTo("redis://localhost:6379/0");
    assertThat(RedisConfig.fromUrl("redis://localhost")).isEqualTo(config);
  }

  @Test
  void url_parsesEveryPart() {
    RedisConfig config = RedisConfig.fromUrl(
        "rediss://app:p%40ss%3Aword@cache.local:6390/7?timeout=250ms&connectTimeout=3s&clientName=svc&poolSize=4");
    assertThat(config.tls()).isTrue();
    assertThat(config.username()).isEqualTo("app");
    assertThat(config.password()).isEqualTo("p@ss:word");
    assertThat(config.host()).isEqualTo("cache.local");
    assertThat(config.port()).isEqualTo(6390);
    assertThat(config.database()).isEqualTo(7);
    assertThat(config.commandTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.clientName()).isEqualTo("svc");
    assertThat(config.poolSize()).isEqualTo(4);
  }

  @ParameterizedTest
  @CsvSource({
      "redis://secret@h:1, , secret",
      "redis://:secret@h:1, , secret",
      "redis://user:secret@h:1, user, secret",
      "redis://user:@h:1, user, "})
  void url_userInfoForms(String url, String username, String password) {
    RedisConfig config = RedisConfig.fromUrl(url);
    assertThat(config.username()).isEqualTo(username);
    assertThat(config.password()).isEqualTo(password);
  }

  @Test
  void tls_verifiesByDefault_andTheCaFileAndOptOutRoundTripThroughTheUrl(@TempDir Path dir) throws Exception {
    Path ca = Files.writeString(dir.resolve("my ca.pem"), "not read until connect");
    RedisConfig plain = RedisConfig.fromUrl("rediss://h:1");
    assertThat(plain.tlsVerifyPeer()).isTrue();
    assertThat(plain.tlsCaCertificates()).isNull();
    RedisConfig config = RedisConfig.builder().tls(true).tlsCaCertificates(ca).password("hunter2").build();
    assertThat(config.toUrl()).contains("tlsCaCertificates=");
    assertThat(RedisConfig.fromUrl(config.toUrl())).isEqualTo(config);
    assertThat(config.toString()).contains("tlsCaCertificates").doesNotContain("hunter2");
    RedisConfig insecure = RedisConfig.fromUrl("rediss://h:1?tlsVerifyPeer=false");
    assertThat(insecure.tlsVerifyPeer()).isFalse();
    assertThat(insecure.toUrl()).isEqualTo("rediss://h:1/0?tlsVerifyPeer=false");
    assertThat(insecure.toString()).contains("tlsVerifyPeer=false");
    assertThat(RedisConfig.fromUrl(insecure.toUrl())).isEqualTo(insecure);
  }

  @Test
  void tlsSettings_withoutTls_orAMissingCaFile_areRejected(@TempDir Path dir) {
    assertThatThrownBy(() -> RedisConfig.fromUrl("redis://h:1?tlsVerifyPeer=false"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tlsVerifyPeer").hasMessageContaining("TLS");
    assertThatThrownBy(() -> RedisConfig.builder().tlsCaCertificates(dir.resolve("missing.pem")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.pem");
    assertThatThrownBy(() -> RedisConfig.fromUrl("rediss://h:1?tlsCaCertificates=" + dir.resolve("nope.pem")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tlsCaCertificates");
    assertThatThrownBy(() -> RedisConfig.builder().tlsCaCertificates(dir).tls(true).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readable PEM file");
    assertThatThrownBy(() -> RedisConfig.builder().tlsVerifyPeer(false).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS is off");
  }

  @Test
  void url_andFields_agreeBothWays_forRandomConfigs(@TempDir Path dir) throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "");
    Random random = new Random(42);
    String[] hosts = {"localhost", "127.0.0.1", "::1", "redis-1.internal"};
    String[] secrets = {null, "pw", "p@ss word/with:odd&chars?=#%", "ünïcode"};
    for (int i = 0; i < 1000; i++) {
      boolean cluster = random.nextInt(3) == 0;
      RedisConfig.Builder builder = RedisConfig.builder();
      if (cluster) {
        List<RedisNode> seeds = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        while (seeds.size() < count) {
          RedisNode node = new RedisNode(hosts[random.nextInt(hosts.length)], 1 + random.nextInt(65535));
          if (!seeds.contains(node)) {
            seeds.add(node);
          }
        }
        builder.clusterNodes(seeds);
      } else {
        builder.host(hosts[random.nextInt(hosts.length)]).port(1 + random.nextInt(65535))
            .database(random.nextInt(16));
      }
      boolean tls = random.nextBoolean();
      RedisConfig config = builder
          .username(random.nextBoolean() ? null : "user" + random.nextInt(5))
          .password(secrets[random.nextInt(secrets.length)])
          .tls(tls)
          .tlsCaCertificates(tls && random.nextBoolean() ? ca : null)
          .tlsVerifyPeer(!tls || random.nextInt(4) > 0)
          .connectTimeout(Duration.ofMillis(1 + random.nextInt(10_000)))
          .commandTimeout(Duration.ofNanos(1_000 + random.nextInt(1_000_000_000)))
          .clientName(random.nextBoolean() ? null : "client-" + random.nextInt(100))
          .poolSize(1 + random.nextInt(64))
          .build();
      String url = config.toUrl();
      assertThat(RedisConfig.fromUrl(url)).as(url).isEqualTo(config);
      assertThat(RedisConfig.fromUrl(url).toUrl()).isEqualTo(url);
    }
  }

  @Test
  void toString_redactsThePassword_butShowsTheRest() {
    RedisConfig config = RedisConfig.fromUrl("redis://app:hunter2@localhost:6379/2?clientName=svc");
    assertThat(config.toString()).doesNotContain("hunter2").contains("***").contains("app").contains("svc")
        .contains("localhost:6379/2");
    assertThat(RedisConfig.builder().build().toString()).doesNotContain("***");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "redis://localhost:0|port",
      "redis://localhost:65536|port",
      "redis://localhost:6379/-1|database",
      "redis://localhost:6379/abc|database",
      "http://localhost:6379|scheme",
      "localhost:6379|scheme",
      "redis://|malformed",
      "redis://local host|malformed",
      "redis://localhost?timeout=fast|timeout",
      "redis://localhost?timeout=0|timeout",
      "redis://localhost?poolSize=0|poolSize",
      "redis://localhost?bogus=1|bogus"})
  void badUrls_areRejected_namingTheField(String url, String field) {
    assertThatThrownBy(() -> RedisConfig.fromUrl(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(field);
  }

  @Test
  void badUrl_errorNeverEchoesThePassword() {
    assertThatThrownBy(() -> RedisConfig.fromUrl("redis://user:hunter2@localhost:99999"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    assertThatThrownBy(() -> RedisConfig.fromUrl("redis://user:hunter2@local host"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    // Regression: an unencoded '@' in the password showed the part after it.
    assertThatThrownBy(() -> RedisConfig.fromUrl("redis://:hunter2@part-two@"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("part-two"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536, 100_000})
  void builder_rejectsBadPorts_namingTheValue(int port) {
    assertThatThrownBy(() -> RedisConfig.builder().port(port))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port").hasMessageContaining(String.valueOf(port));
  }

  @Test
  void builder_rejectsOtherBadValues_namingFieldAndValue() {
    assertThatThrownBy(() -> RedisConfig.builder().database(-2)).hasMessageContaining("database")
        .hasMessageContaining("-2");
    assertThatThrownBy(() -> RedisConfig.builder().host(" ")).hasMessageContaining("host");
    assertThatThrownBy(() -> RedisConfig.builder().commandTimeout(Duration.ZERO))
        .hasMessageContaining("commandTimeout");
    assertThatThrownBy(() -> RedisConfig.builder().connectTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> RedisConfig.builder().poolSize(0)).hasMessageContaining("poolSize");
    assertThatThrownBy(() -> RedisConfig.builder().clientName("has space").build())
        .hasMessageContaining("clientName");
    assertThatThrownBy(() -> new RedisConfig("h", 70000, 0, null, null, false, Duration.ofSeconds(1),
        Duration.ofSeconds(1), null, 1)).hasMessageContaining("70000");
  }

  @Test
  void cluster_builder_seedsBecomeHostAndPort_andTheUrlListsThem() {
    RedisConfig config = RedisConfig.builder().cluster("10.0.0.1:7000", "10.0.0.2:7001", "[::1]:7002")
        .password("pw").build();
    assertThat(config.isCluster()).isTrue();
    assertThat(config.clusterNodes()).containsExactly(new RedisNode("10.0.0.1", 7000), new RedisNode("10.0.0.2", 7001),
        new RedisNode("::1", 7002));
    assertThat(config.host()).isEqualTo("10.0.0.1");
    assertThat(config.port()).isEqualTo(7000);
    assertThat(config.toUrl()).isEqualTo("redis://:pw@10.0.0.1:7000,10.0.0.2:7001,[::1]:7002/0");
    assertThat(RedisConfig.fromUrl(config.toUrl())).isEqualTo(config);
    assertThat(config.toString()).doesNotContain("pw@").contains("***").contains("10.0.0.2:7001");
    assertThat(config.toBuilder().clusterNodes(List.of()).build().isCluster()).isFalse();
    assertThat(RedisConfig.builder().build().isCluster()).isFalse();
  }

  @Test
  void cluster_url_commaSeparatedHostsMeanACluster_andTheOptionMarksASingleSeed() {
    RedisConfig several = RedisConfig.fromUrl("redis://u:p@a:7000,b,c:7002?timeout=1s");
    assertThat(several.clusterNodes()).containsExactly(new RedisNode("a", 7000), new RedisNode("b", 6379),
        new RedisNode("c", 7002));
    assertThat(several.username()).isEqualTo("u");
    assertThat(several.password()).isEqualTo("p");
    assertThat(several.commandTimeout()).isEqualTo(Duration.ofSeconds(1));

    RedisConfig single = RedisConfig.fromUrl("rediss://a:7000/0?cluster=true");
    assertThat(single.clusterNodes()).containsExactly(new RedisNode("a", 7000));
    assertThat(single.tls()).isTrue();
    assertThat(single.toUrl()).isEqualTo("rediss://a:7000/0?cluster=true");
    assertThat(RedisConfig.fromUrl("redis://a:7000?cluster=false").isCluster()).isFalse();
  }

  @Test
  void fromUrls_mergesSeedUrls_thatAgreeOnEverythingButTheAddress() {
    RedisConfig config = RedisConfig.fromUrls(List.of("redis://:pw@127.0.0.1:7000?timeout=3s",
        "redis://:pw@127.0.0.1:7001/0?timeout=3s", "redis://:pw@127.0.0.1:7000,127.0.0.1:7002?timeout=3s"));
    assertThat(config.clusterNodes()).extracting(RedisNode::port).containsExactly(7000, 7001, 7002);
    assertThat(config.password()).isEqualTo("pw");
    assertThat(config.commandTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(RedisConfig.fromUrls(List.of("redis://h:1")).clusterNodes()).containsExactly(new RedisNode("h", 1));
    assertThat(RedisConfig.fromUrl(config.toUrl())).isEqualTo(config);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "redis://a:1/0?poolSize=4|redis://b:2/0?poolSize=5|poolSize",
      "redis://a:1?timeout=1s|redis://b:2|timeout",
      "redis://a:1|rediss://b:2|TLS",
      "rediss://a:1|rediss://b:2?tlsVerifyPeer=false|tlsVerifyPeer",
      "redis://u@a:1|redis://v@b:2|password",
      "redis://u:x@a:1|redis://w:x@b:2|username",
      "redis://a:1?clientName=x|redis://b:2|clientName",
      "redis://a:1|redis://b:2/2|database"})
  void fromUrls_disagreeingUrls_areRejected_namingTheField(String first, String second, String field) {
    assertThatThrownBy(() -> RedisConfig.fromUrls(List.of(first, second)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(field)
        .hasMessageContaining("URL 2");
  }

  @Test
  void fromUrls_badInput_isRejectedClearly_withoutShowingPasswords() {
    assertThatThrownBy(() -> RedisConfig.fromUrls(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seed");
    assertThatThrownBy(() -> RedisConfig.fromUrls(List.of("redis://:one-secret@a:1", "redis://:two-secret@b:2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("password")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("one-secret").doesNotContain("two-secret"));
    assertThatThrownBy(() -> RedisConfig.fromUrls(List.of("redis://a:1/4")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database").hasMessageContaining("4");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "redis://a:1,,b:2|empty host",
      "redis://a:1,b:x|b:x",
      "redis://a:1,b:70000|port",
      "redis://a:1,b:2/3|database",
      "redis://a:1?cluster=true&db=3|database",
      "redis://a:1,a:1|twice",
      "redis://a:1,b:2?cluster=false|cluster=false",
      "redis://a:1?cluster=maybe|cluster"})
  void badClusterUrls_areRejected_namingTheProblem(String url, String problem) {
    assertThatThrownBy(() -> RedisConfig.fromUrl(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);
  }

  @Test
  void cluster_builderAndConstructor_rejectInconsistentValues() {
    assertThatThrownBy(() -> RedisConfig.builder().cluster("a:1").database(2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database").hasMessageContaining("2");
    assertThatThrownBy(() -> RedisConfig.builder().database(5).cluster("a:1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database").hasMessageContaining("5");
    assertThatThrownBy(() -> RedisConfig.builder().cluster("a:1").host("b"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("host").hasMessageContaining("a:1");
    assertThatThrownBy(() -> RedisConfig.builder().cluster("a:1").port(2))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("port");
    assertThatThrownBy(() -> RedisConfig.builder().cluster("a:1", "a:1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a:1");
    assertThatThrownBy(() -> RedisConfig.builder().cluster())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed");
    assertThatThrownBy(() -> RedisConfig.builder().cluster("a:99999"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("99999");
    assertThatThrownBy(() -> new RedisConfig("b", 2, 0, null, null, false, Duration.ofSeconds(1),
        Duration.ofSeconds(1), null, 1, List.of(new RedisNode("a", 1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("first cluster seed");
    assertThatThrownBy(() -> new RedisConfig("a", 1, 1, null, null, false, Duration.ofSeconds(1),
        Duration.ofSeconds(1), null, 1, List.of(new RedisNode("a", 1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database");
    // Switching back to a single server is allowed, and then the host may change.
    RedisConfig single = RedisConfig.builder().cluster("a:1", "b:2").clusterNodes(List.of()).host("c").build();
    assertThat(single.isCluster()).isFalse();
    assertThat(single.node()).isEqualTo(new RedisNode("c", 1));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "h:7000|h|7000",
      "h|h|6379",
      "[::1]:7001|::1|7001",
      " 10.1.2.3:1 |10.1.2.3|1"})
  void redisNode_parse_readsHostAndPort(String text, String host, int port) {
    RedisNode node = RedisNode.parse(text);
    assertThat(node).isEqualTo(new RedisNode(host, port));
    assertThat(RedisNode.parse(node.toString())).isEqualTo(node);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h:x", "::1:7000", "[::1", "[::1]7000", ":7000", "h:0"})
  void redisNode_parse_rejectsMalformedAddresses(String text) {
    assertThatThrownBy(() -> RedisNode.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
