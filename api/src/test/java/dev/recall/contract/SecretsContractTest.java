package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.Cache;
import dev.recall.RecallClient;
import dev.recall.RecallConnectionException;
import dev.recall.RecallException;
import dev.recall.RedisConfig;
import dev.recall.codec.Codecs;
import dev.recall.map.RecallMap;
import dev.recall.testkit.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Passwords never show: not in what Recall logs ({@code System.Logger}, so JUL here, at every level), not in what the
 * driver logs (its SLF4J output on {@code System.err}) or prints, not in exception messages, stack traces or
 * {@code toString()}s, across a wrong-password connect, normal use, an outage and the recovery after it.
 */
class SecretsContractTest {
  private static final String PASSWORD = "Pw-9f3c!leak@check";
  private static final String WRONG = "Wrong-71ab!leak@check";

  @Test
  void passwords_neverAppear_inLogsExceptionsOrToString() throws Exception {
    Capture capture = Capture.start();
    System.getLogger("dev.recall.test").log(System.Logger.Level.DEBUG, "canary-logger");
    System.err.println("canary-stderr");
    List<Object> seen = new ArrayList<>();
    try (RedisServer server = RedisServer.spawn("--requirepass", PASSWORD)) {
      RedisConfig good = RedisConfig.fromUrl(server.url()).toBuilder()
          .commandTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500)).build();
      RedisConfig wrong = good.toBuilder().password(WRONG).build();
      seen.add(good);
      seen.add(wrong);
      seen.add(good.toBuilder());

      Throwable refused = catchThrowable(() -> Clients.connect(wrong));
      assertThat(refused).isInstanceOf(RecallConnectionException.class);
      seen.add(refused);

      try (RecallClient client = Clients.connect(good)) {
        seen.add(client);
        Cache cache = client.cache("secrets");
        RecallMap<String, String> map = client.map("secrets:map", Codecs.string(), Codecs.string());
        seen.add(cache);
        seen.add(map);
        String key = cache.store("value");
        map.set("k", "v");
        assertThat(cache.getString(key)).contains("value");
        seen.add(client.health());

        server.kill();
        seen.add(catchThrowable(() -> cache.getString(key)));
        seen.add(catchThrowable(() -> map.get("k")));
        seen.add(catchThrowable(() -> cache.async().getString(key).join()));
        seen.add(client.health());
        seen.add(client.health().error());

        server.restart();
        awaitRecovered(client);
        cache.store("after the outage");
      }
    } finally {
      capture.stop();
    }
    StringBuilder everything = new StringBuilder(capture.text());
    for (Object object : seen) {
      everything.append('\n').append(object);
      if (object instanceof Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        everything.append('\n').append(trace);
      }
    }
    assertThat(seen).filteredOn(o -> o instanceof RecallException).hasSizeGreaterThanOrEqualTo(4);
    for (String secret : List.of(PASSWORD, WRONG)) {
      assertThat(everything.toString())
          .doesNotContain(secret)
          .doesNotContain(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    }
    // The capture itself works: a debug record through System.Logger and a line on System.err were seen.
    assertThat(capture.text()).contains("canary-logger").contains("canary-stderr");
    assertThat(capture.records()).isPositive();
  }

  private static Throwable catchThrowable(Runnable action) {
    try {
      action.run();
    } catch (Throwable e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  private static void awaitRecovered(RecallClient client) throws InterruptedException {
    Await.until(Duration.ofSeconds(15), () -> client.health().ok(), () -> "the client to recover");
  }

  /** Everything logged through JUL (every level) and printed on System.out and System.err meanwhile. */
  private static final class Capture extends Handler {
    private final StringBuilder text = new StringBuilder();
    private final Logger root = Logger.getLogger("");
    private final Level rootLevel = root.getLevel();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private int records;

    static Capture start() {
      Capture capture = new Capture();
      capture.root.addHandler(capture);
      capture.root.setLevel(Level.ALL);
      System.setOut(new PrintStream(tee(capture.out, capture.printed), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(tee(capture.err, capture.printed), true, StandardCharsets.UTF_8));
      return capture;
    }

    private static OutputStream tee(OutputStream original, ByteArrayOutputStream copy) {
      return new OutputStream() {
        @Override
        public void write(int b) {
          synchronized (copy) {
            copy.write(b);
          }
          try {
            original.write(b);
          } catch (java.io.IOException e) {
            // the copy is what the test reads
          }
        }

        @Override
        public void write(byte[] b, int off, int len) {
          synchronized (copy) {
            copy.write(b, off, len);
          }
          try {
            original.write(b, off, len);
          } catch (java.io.IOException e) {
            // the copy is what the test reads
          }
        }
      };
    }

    @Override
    public synchronized void publish(LogRecord record) {
      String logger = String.valueOf(record.getLoggerName());
      if (logger.startsWith("java.") || logger.startsWith("jdk.") || logger.startsWith("sun.")) {
        // The JDK's own debug records, such as ProcessBuilder's when the test kit starts redis-server with
        // --requirepass: not Recall's or the driver's.
        return;
      }
      records++;
      text.append(record.getLoggerName()).append(' ').append(record.getLevel()).append(' ')
          .append(new java.util.logging.SimpleFormatter().formatMessage(record)).append('\n');
      if (record.getThrown() != null) {
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        text.append(trace).append('\n');
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    void stop() {
      root.removeHandler(this);
      root.setLevel(rootLevel);
      System.setOut(out);
      System.setErr(err);
    }

    synchronized int records() {
      return records;
    }

    synchronized String text() {
      synchronized (printed) {
        return text + printed.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
