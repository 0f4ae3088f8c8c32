package dev.recall.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The example with Redis unreachable: it starts, reads fail open, and an eviction's failure is logged, not thrown. */
class RedisDownTest {
  private static final String UNREACHABLE = "--recall.url=redis://127.0.0.1:1";

  @Test
  void main_withRedisDown_runsTheTourOnFailOpenReads() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PricingApplication.run(new String[] {UNREACHABLE}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualToNormalizingNewlines("""
        price(A-1) = Price[sku=A-1, cents=300]   (looked up)
        price(A-1) = Price[sku=A-1, cents=300]   (looked up again: Redis is down, the read failed open)
        price(A-1) = Price[sku=A-1, cents=300]   (looked up: the @CachePut was dropped)
        quote = [Price[sku=A-1, cents=300], Price[sku=B-22, cents=400]]
        lookups = 4
        Redis is down: every read failed open (the method ran), every store was dropped, and the eviction's \
        failure was logged by the CacheErrorHandler instead of failing the caller.
        """);
  }

  @Test
  void evict_withRedisDown_doesNotThrowToTheCaller() {
    try (ConfigurableApplicationContext context = SpringApplication.run(PricingApplication.class, UNREACHABLE,
        "--spring.main.web-application-type=none")) {
      PricingService prices = context.getBean(PricingService.class);
      assertThatCode(() -> prices.forget("E-1")).doesNotThrowAnyException();
      assertThat(prices.price("E-1")).isEqualTo(new Price("E-1", 300));
      assertThat(prices.lookups()).isEqualTo(1);
    }
  }
}
