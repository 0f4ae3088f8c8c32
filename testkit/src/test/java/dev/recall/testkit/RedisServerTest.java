package dev.recall.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisServerTest {

  @Test
  void spawn_answersPing_andStopEndsTheProcess() {
    RedisServer server = RedisServer.spawn();
    try {
      assertThat(server.isUp()).isTrue();
      assertThat(server.host()).isEqualTo("127.0.0.1");
      assertThat(server.command("SET", "k", "v")).isEqualTo("OK");
      server.flush();
      assertThat(server.command("DBSIZE")).isEqualTo(0L);
    } finally {
      server.stop();
    }
    assertThat(server.isUp()).isFalse();
  }

  @Test
  void killAndRestart_bringTheServerBackEmptyOnTheSamePort() {
    try (RedisServer server = RedisServer.spawn()) {
      int port = server.port();
      server.command("SET", "k", "v");
      server.kill();
      assertThat(server.isUp()).isFalse();
      server.restart();
      assertThat(server.port()).isEqualTo(port);
      assertThat(server.isUp()).isTrue();
      assertThat(server.command("GET", "k")).isNull();
    }
  }

  @Test
  void embeddedBinary_isTheFallbackWhenNoRedisIsInstalled_andRuns() {
    try (RedisServer server = RedisServer.spawn(RedisBinaries.embedded(), 0)) {
      assertThat(server.isUp()).isTrue();
      assertThat(String.valueOf(server.command("INFO", "server"))).contains("redis_version:6.2");
    }
  }

  @Test
  void requirePass_isUsedForControlCommands() {
    try (RedisServer server = RedisServer.spawn("--requirepass", "pw")) {
      assertThat(server.isUp()).isTrue();
      assertThat(server.url()).startsWith("redis://:pw@127.0.0.1:");
    }
  }

  @Test
  void external_neverStopsOrRestartsTheServer() {
    try (RedisServer spawned = RedisServer.spawn()) {
      RedisServer external = RedisServer.external(spawned.url());
      external.stop();
      assertThat(spawned.isUp()).isTrue();
      assertThatThrownBy(external::restart).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void externalWithADatabase_commandsAndFlushUseThatDatabase_andLeaveDatabaseZeroAlone() {
    try (RedisServer spawned = RedisServer.spawn()) {
      spawned.command("SET", "in-db-0", "kept");
      RedisServer external = RedisServer.external(spawned.url().replaceFirst("/0$", "/5"));
      assertThat(external.url()).endsWith("/5");

      assertThat(external.command("SET", "in-db-5", "x")).isEqualTo("OK");
      assertThat(external.command("GET", "in-db-5")).isEqualTo("x");
      assertThat(external.command("GET", "in-db-0")).isNull();
      assertThat(external.dbSize()).isEqualTo(1L);
      assertThat(spawned.command("GET", "in-db-5")).as("written to database 5, not 0").isNull();

      external.flush();
      assertThat(external.dbSize()).isZero();
      assertThat(spawned.command("GET", "in-db-0")).as("database 0 survives the flush").isEqualTo("kept");
    }
  }
}
