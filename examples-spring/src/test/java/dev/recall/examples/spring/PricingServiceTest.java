package dev.recall.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.testkit.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Testing your own Spring code with the test kit: a real {@code redis-server} (the PATH's, else the embedded one;
 * no Docker), its URL handed to the application through {@code @DynamicPropertySource}. The README's example.
 */
@SpringBootTest
class PricingServiceTest {
  static final RedisServer redis = RedisServer.start();

  @DynamicPropertySource
  static void recall(DynamicPropertyRegistry registry) {
    registry.add("recall.url", redis::url);
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  @Autowired
  PricingService prices;

  @Test
  void secondCall_isAnsweredFromRedis() {
    int before = prices.lookups();
    prices.forget("T-1");
    assertThat(prices.price("T-1")).isEqualTo(new Price("T-1", 300));
    assertThat(prices.price("T-1")).isEqualTo(new Price("T-1", 300));
    assertThat(prices.lookups() - before).isEqualTo(1);
  }
}
