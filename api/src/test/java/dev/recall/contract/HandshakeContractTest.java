package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.recall.RecallConnectionException;
import dev.recall.RedisConfig;
import dev.recall.testkit.RedisServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A config the server cannot honour is refused at connect, the same way by every driver, with a message that says
 * which setting is wrong: a database index the server does not have, a password for a server that needs none.
 */
class HandshakeContractTest {
  private static final String PASSWORD = "Unneeded-4e1d!pw";

  @Test
  void connect_toADatabaseTheServerDoesNotHave_namesTheIndexAndTheServersLimit() {
    try (RedisServer server = RedisServer.spawn()) {
      RedisConfig config = RedisConfig.fromUrl(server.url()).toBuilder().database(99).build();

      Throwable failure = catchThrowable(() -> Clients.connect(config));

      assertThat(failure).isInstanceOf(RecallConnectionException.class)
          .hasMessageContaining("database 99")
          .hasMessageContaining(server.host() + ":" + server.port())
          .hasMessageContaining("16 databases");
    }
  }

  @Test
  void connect_toTheLastDatabaseTheServerHas_works() {
    try (RedisServer server = RedisServer.spawn("--databases", "4")) {
      RedisConfig config = RedisConfig.fromUrl(server.url()).toBuilder().database(3).build();
      try (var client = Clients.connect(config)) {
        assertThat(client.health().ok()).isTrue();
      }
      Throwable failure = catchThrowable(() -> Clients.connect(config.toBuilder().database(4).build()));
      assertThat(failure).isInstanceOf(RecallConnectionException.class)
          .hasMessageContaining("database 4")
          .hasMessageContaining("4 databases");
    }
  }

  @Test
  void connect_withAPasswordToAServerThatNeedsNone_isRefusedWithoutShowingThePassword() {
    try (RedisServer server = RedisServer.spawn()) {
      RedisConfig config = RedisConfig.fromUrl(server.url()).toBuilder()
          .password(PASSWORD).connectTimeout(Duration.ofSeconds(5)).build();

      Throwable failure = catchThrowable(() -> Clients.connect(config));

      assertThat(failure).isInstanceOf(RecallConnectionException.class)
          .hasMessageContaining("a password is configured")
          .hasMessageContaining("requires none");
      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).doesNotContain(PASSWORD);
      for (Throwable e = failure; e != null; e = e.getCause()) {
        assertThat(e.toString()).doesNotContain(PASSWORD);
      }
    }
  }
}
