package dev.recall.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the example application, as the README shows it, through each driver. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class PricingApplicationTest {
  private final String driver;

  PricingApplicationTest(String driver) {
    this.driver = driver;
  }

  @Test
  void main_cachesTheSecondCall(RedisServer server) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PricingApplication.run(new String[] {"--recall.url=" + server.url(), "--recall.driver=" + driver},
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualToNormalizingNewlines("""
        price(A-1) = Price[sku=A-1, cents=300]   (looked up)
        price(A-1) = Price[sku=A-1, cents=300]   (from Redis)
        price(A-1) = Price[sku=A-1, cents=999]   (after @CachePut)
        quote = [Price[sku=A-1, cents=300], Price[sku=B-22, cents=400]]
        lookups = 2
        """);
    assertThat((java.util.List<?>) server.command("KEYS", "recall:fn:prices:*"))
        .as("the prices cache's keys in Redis").isNotEmpty();
  }
}
