package dev.recall.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Without {@link OnRedisCluster}, a {@link RedisTarget} is the shared single server, flushed before each test. */
@ExtendWith(RedisServerExtension.class)
class RedisServerExtensionTest {

  @Test
  void target_isTheSharedServer(RedisTarget target, RedisServer server) {
    assertThat(target).isSameAs(server);
    assertThat(target.isCluster()).isFalse();
    assertThat(target.commandOnEveryNode("PING")).containsExactly("PONG");
  }

  @Test
  void target_isFlushedBeforeEachTest_a(RedisTarget target) {
    assertThat(target.dbSize()).isZero();
    target.command("SET", "left-over", "x");
  }

  @Test
  void target_isFlushedBeforeEachTest_b(RedisTarget target) {
    assertThat(target.dbSize()).isZero();
    target.command("SET", "left-over", "x");
  }
}
