package dev.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
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
  void url_andFields_agreeBothWays_forRandomConfigs() {
    Random random = new Random(42);
    String[] hosts = {"localhost", "127.0.0.1", "::1", "redis-1.internal"};
    String[] secrets = {null, "pw", "p@ss word/with:odd&chars?=#%", "ünïcode"};
    for (int i = 0; i < 500; i++) {
      RedisConfig config = RedisConfig.builder()
          .host(hosts[random.nextInt(hosts.length)])
          .port(1 + random.nextInt(65535))
          .database(random.nextInt(16))
          .username(random.nextBoolean() ? null : "user" + random.nextInt(5))
          .password(secrets[random.nextInt(secrets.length)])
          .tls(random.nextBoolean())
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
}
