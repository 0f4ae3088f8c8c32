package dev.recall.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The example's {@code --serve} mode as a user runs it: its own JVM (with its own private Redis), which says where it
 * serves, answers prices and Actuator over HTTP, and exits when stopped the way a terminal stops it (SIGTERM).
 */
@Timeout(180)
class ServeModeTest {
  private static final Pattern SERVING = Pattern.compile("serving http://localhost:(\\d+)/");
  private static final Duration START = Duration.ofSeconds(90);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void serve_answersPricesAndActuatorOverHttp_untilStopped() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process app = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        PricingApplication.class.getName(), "--serve", "--server.port=0")
        .redirectErrorStream(true).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        // The process ended; what it printed so far is in the queue.
      }
    });
    try {
      int port = servingPort(lines, app);
      HttpResponse<String> price = get(port, "/prices/A-1");
      assertThat(price.statusCode()).isEqualTo(200);
      assertThat(price.body()).contains("\"sku\":\"A-1\"").contains("\"cents\":300");
      assertThat(get(port, "/prices/A-1").body()).isEqualTo(price.body());

      HttpResponse<String> health = get(port, "/actuator/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).startsWith("{").contains("\"recall\":{").contains("\"status\":\"UP\"");

      String scrape = get(port, "/actuator/prometheus").body();
      assertThat(scrape).containsPattern(
          "cache_gets_total\\{cache=\"prices\",function=\"prices\",result=\"miss\",tier=\"remote\"} 1\\.0");
      assertThat(scrape).containsPattern(
          "cache_gets_total\\{cache=\"prices\",function=\"prices\",result=\"hit\",tier=\"remote\"} 1\\.0");
    } finally {
      app.destroy();
      boolean exited = app.waitFor(30, TimeUnit.SECONDS);
      if (!exited) {
        app.destroyForcibly();
      }
      reader.join(Duration.ofSeconds(10));
      assertThat(exited).as("the application exits on SIGTERM; it printed:%n%s", String.join("\n", List.copyOf(lines)))
          .isTrue();
    }
  }

  /** Waits, bounded, for the line that says where the application serves. */
  private static int servingPort(BlockingQueue<String> lines, Process app) throws InterruptedException {
    long deadline = System.nanoTime() + START.toNanos();
    StringBuilder printed = new StringBuilder();
    while (System.nanoTime() - deadline < 0) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line == null) {
        assertThat(app.isAlive()).as("the application runs; it printed:%n%s", printed).isTrue();
        continue;
      }
      printed.append(line).append('\n');
      Matcher matcher = SERVING.matcher(line);
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
    }
    throw new AssertionError("no 'serving' line within " + START + "; the application printed:\n" + printed);
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
