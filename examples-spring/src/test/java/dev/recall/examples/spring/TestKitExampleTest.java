package dev.recall.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.testkit.RedisCluster;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's plain JUnit 5 example of the test kit: a real server, and a real cluster, as test parameters. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class TestKitExampleTest {
  private final String driver;

  TestKitExampleTest(String driver) {
    this.driver = driver;
  }

  @Test
  void memoizedLookup_runsOnce(RedisServer server) {       // a redis-server process, emptied before each test
    try (RecallClient recall = Recall.connect(RedisConfig.fromUrl(server.url()), driver)) {
      AtomicInteger lookups = new AtomicInteger();
      Function<String, Price> price = recall.functionCache("prices").memoize("price", Price.class, sku -> {
        lookups.incrementAndGet();
        return new Price(sku, 100);
      });
      price.apply("A-1");
      price.apply("A-1");
      assertThat(lookups).hasValue(1);
      assertThat(server.dbSize()).isPositive();
    }
  }

  @Test
  void onACluster(RedisCluster cluster) {                  // three masters on loopback, shared by the run
    try (RecallClient recall = Recall.connect(RedisConfig.fromUrls(cluster.seedUrls()), driver)) {
      String key = recall.cache().store("hello");
      assertThat(cluster.command("GET", key)).isEqualTo("hello");
    }
  }
}
