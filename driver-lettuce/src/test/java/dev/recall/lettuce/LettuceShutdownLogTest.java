package dev.recall.lettuce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.contract.Await;
import dev.recall.spi.Subscriber;
import dev.recall.spi.SubscriptionListener;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A clean shutdown is quiet: closing a client with a live subscriber logs nothing above DEBUG (Lettuce warned
 * "Connection is already closed" when the subscriber's connection was closed and then the client shut down).
 * Lettuce logs through slf4j-simple, which writes to {@code System.err} looked up at each write.
 */
@ExtendWith(RedisServerExtension.class)
class LettuceShutdownLogTest {

  @Test
  void close_withALiveSubscriber_logsNothing(RedisServer server) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    for (int round = 0; round < 5; round++) {
      RecallClient client = Recall.connect(RedisConfig.fromUrl(server.url()), "lettuce");
      AtomicBoolean subscribed = new AtomicBoolean();
      Subscriber subscriber = client.executor().subscriber(new SubscriptionListener() {
        @Override
        public void message(byte[] channel, byte[] payload) { }

        @Override
        public void subscribed(byte[] channel) {
          subscribed.set(true);
        }

        @Override
        public void lost(byte[] channel, Throwable cause) { }
      }, Duration.ofSeconds(1));
      subscriber.subscribe("quiet".getBytes(StandardCharsets.UTF_8));
      Await.until(Duration.ofSeconds(10), subscribed::get, () -> "the subscription is confirmed");

      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        client.close();
      } finally {
        System.setErr(original);
      }
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
