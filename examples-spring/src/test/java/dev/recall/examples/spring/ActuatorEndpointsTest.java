package dev.recall.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recall.contract.Await;
import dev.recall.testkit.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example as an operator sees it: the application on a random port, its Actuator endpoints read over real HTTP
 * while the test kit's server is up, stopped and restarted.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ActuatorEndpointsTest {
  private static final Duration HEALTH_CHANGE = Duration.ofSeconds(30);
  static final RedisServer redis = RedisServer.start();

  @DynamicPropertySource
  static void recall(DynamicPropertyRegistry registry) {
    registry.add("recall.url", redis::url);
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  @LocalServerPort
  int port;

  @Autowired
  PricingService prices;

  @Test
  void health_showsRecall_downWhileTheServerIsStopped_upAfterItsRestart() throws Exception {
    JsonNode up = health();
    assertThat(up.path("status").asText()).isEqualTo("UP");
    assertThat(up.path("components").path("recall").path("status").asText()).isEqualTo("UP");
    assertThat(up.path("components").path("recall").path("details").path("driver").asText()).isEqualTo("lettuce");

    redis.stop();
    try {
      JsonNode down = Await.until(HEALTH_CHANGE, this::health,
          h -> h.path("components").path("recall").path("status").asText().equals("DOWN"),
          () -> "the recall indicator to report DOWN after the server stopped");
      assertThat(down.path("status").asText()).isEqualTo("DOWN");
      assertThat(down.path("components").path("recall").path("details").path("error").asText()).isNotEmpty();
    } finally {
      redis.restart();
    }

    JsonNode back = Await.until(HEALTH_CHANGE, this::health, h -> h.path("status").asText().equals("UP"),
        () -> "health to report UP after the server restarted");
    assertThat(back.path("components").path("recall").path("status").asText()).isEqualTo("UP");
  }

  @Test
  void cacheGets_countOneMissAndOneHit_inMetricsAndThePrometheusScrape() throws Exception {
    String sku = "M-" + UUID.randomUUID();
    prices.forget(sku);
    double missesBefore = gets("miss");
    double hitsBefore = gets("hit");

    prices.price(sku);   // a miss: the look-up runs, its result is stored
    prices.price(sku);   // a hit, from Redis

    assertThat(gets("miss") - missesBefore).isEqualTo(1.0);
    assertThat(gets("hit") - hitsBefore).isEqualTo(1.0);
    JsonNode meter = json.readTree(get("/actuator/metrics/cache.gets?tag=cache:prices").body());
    assertThat(meter.path("availableTags").findValuesAsText("tag")).contains("result", "tier", "function");

    List<String> scraped = get("/actuator/prometheus").body().lines()
        .filter(line -> line.startsWith("cache_gets_total{") && line.contains("cache=\"prices\""))
        .toList();
    System.out.println("the scrape's cache_gets_total lines:\n" + String.join("\n", scraped));
    assertThat(scraped).anyMatch(line -> line.contains("result=\"miss\"") && line.contains("tier=\"remote\""))
        .anyMatch(line -> line.contains("result=\"hit\"") && line.contains("tier=\"remote\""));
    assertThat(scraped.stream().filter(line -> line.contains("result=\"miss\"")).mapToDouble(this::sample).sum())
        .isEqualTo(missesBefore + 1);
    assertThat(scraped.stream().filter(line -> line.contains("result=\"hit\"")).mapToDouble(this::sample).sum())
        .isEqualTo(hitsBefore + 1);
  }

  /** The {@code cache.gets} count of the prices cache with {@code result}, 0 before its first event. */
  private double gets(String result) throws IOException, InterruptedException {
    HttpResponse<String> response = get("/actuator/metrics/cache.gets?tag=cache:prices&tag=result:" + result);
    if (response.statusCode() == 404) {
      return 0;
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    for (JsonNode measurement : json.readTree(response.body()).path("measurements")) {
      if (measurement.path("statistic").asText().equals("COUNT")) {
        return measurement.path("value").asDouble();
      }
    }
    throw new AssertionError("no COUNT in " + response.body());
  }

  private double sample(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  /** The health document; 200 when up, 503 when down, both with a body. */
  private JsonNode health() {
    try {
      HttpResponse<String> response = get("/actuator/health");
      assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(30)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
