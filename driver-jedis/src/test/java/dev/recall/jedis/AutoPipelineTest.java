package dev.recall.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallException;
import dev.recall.RedisConfig;
import dev.recall.contract.Await;
import dev.recall.spi.Command;
import dev.recall.spi.Replies;
import dev.recall.testkit.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;

/**
 * A batch that fails after its first write must not hand its connection back with commands or replies still on it:
 * the next caller on the pool gets its own reply.
 */
class AutoPipelineTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  @Test
  void batchFailingAfterItsFirstWrite_discardsTheConnection_soTheNextCommandGetsItsOwnReply() throws Exception {
    try (RedisServer server = RedisServer.spawn();
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      RedisConfig config = RedisConfig.fromUrl(server.url());
      // One connection, so the command after the failed batch is sent on the same one unless it was discarded.
      ConnectionPool pool = new ConnectionPool(new HostAndPort(server.host(), server.port()),
          JedisDriverConnection.clientConfig(config), JedisDriverConnection.poolConfig(1, 1, BOUND));
      try (pool) {
        Admission admission = new Admission(1, BOUND, server.url());
        AutoPipeline pipeline = new AutoPipeline(pool, admission, server.url());

        // The test holds the only permit, so both commands queue and the next leader sends them as one batch.
        assertThat(admission.tryAdmit()).isTrue();
        CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> pipeline.send(echo("leftover")), callers);
        Await.until(BOUND, () -> pipeline.queued() == 1, pipeline::toString);
        // A command that cannot be encoded: it fails once the first command of its batch is already written.
        Command<String> unencodable = echo("never sent");
        unencodable.args()[0] = null;
        CompletableFuture<Object> second = CompletableFuture.supplyAsync(() -> pipeline.send(unencodable), callers);
        Await.until(BOUND, () -> pipeline.queued() == 2, pipeline::toString);
        admission.release();
        pipeline.wakeNext();

        assertThatThrownBy(second::join).hasCauseInstanceOf(RecallException.class);
        assertThatThrownBy(first::join).hasCauseInstanceOf(RecallException.class);
        assertThat(Replies.string(pipeline.send(echo("mine")))).as("the next command's reply").isEqualTo("mine");
      }
    }
  }

  private static Command<String> echo(String text) {
    return Command.keyless("ECHO", reply -> String.valueOf(Replies.string(reply)),
        text.getBytes(StandardCharsets.UTF_8));
  }
}
