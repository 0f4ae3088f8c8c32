package dev.recall.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.stream.Consumer;
import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.Message;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.testkit.RedisTarget;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's "Metrics and JFR" examples, as written there, compile and produce the meters it names. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class ReadmeExamplesTest {
  @Parameter
  String driver;

  record Order(long id) {}

  @Test
  void plainJava_monitor_andTheSpringBootBean_bindTheDocumentedMeters(RedisTarget target) {
    try (RecallClient recall = Recall.connect(RedisConfig.fromUrl(target.url()), driver)) {
      MeterRegistry registry = new SimpleMeterRegistry();    // or Prometheus, OTLP, ...
      FunctionCache cache = RecallCacheMetrics.monitor(registry,
          recall.functionCache(FunctionCacheConfig.of("pricing")), "app", "shop");   // extra tags: key/value pairs
      Function<String, Integer> price = cache.memoize("price", Integer.class, String::length);
      price.apply("A-1");
      price.apply("A-1");
      assertThat(registry.get("cache.gets").tags("cache", "pricing", "function", "price", "result", "hit", "tier",
          "remote", "app", "shop").counter().count()).isEqualTo(1);

      // What Spring Boot does with a MeterBinder bean: bind it to its registry.
      MeterBinder bean = new RecallCacheMetrics(recall.functionCache(FunctionCacheConfig.of("pricing")), Tags.empty());
      MeterRegistry boot = new SimpleMeterRegistry();
      bean.bindTo(boot);
      price.apply("A-1");
      assertThat(boot.get("cache.gets").tags("cache", "pricing", "result", "hit", "tier", "remote").counter().count())
          .isEqualTo(1);
    }
  }

  @Test
  void streamConsumer_metrics_countItsWork(RedisTarget target) throws Exception {
    try (RecallClient recall = Recall.connect(RedisConfig.fromUrl(target.url()), driver)) {
      MeterRegistry registry = new SimpleMeterRegistry();
      List<Long> billed = new CopyOnWriteArrayList<>();
      Consumer consumer = recall.streams().consumer(ConsumerConfig.builder("billing", "worker-1")
          .metrics(RecallStreamMetrics.of(registry, recall.streams(), "app", "shop"))
          .handler("orders", Order.class, order -> billed.add(order.body().id()))
          .blockTime(Duration.ofMillis(50))
          .build());
      recall.streams().sender().send("orders", Message.of("order", new Order(7)));
      assertThat(consumer.consumeOnce()).isEqualTo(1);
      consumer.close();

      assertThat(billed).containsExactly(7L);
      assertThat(registry.get("recall.stream.delivered").tags("channel", "orders", "group", "billing", "app", "shop")
          .counter().count()).isEqualTo(1);
      assertThat(registry.get("recall.stream.handler").tags("message", "order", "outcome", "success").timer().count())
          .isEqualTo(1);
    }
  }
}
