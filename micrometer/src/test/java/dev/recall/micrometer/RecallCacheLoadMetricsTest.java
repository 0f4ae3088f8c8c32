package dev.recall.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionCacheStats;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.testkit.RedisTarget;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load meters of {@link RecallCacheMetrics} on a real Redis through each driver: each computation is a
 * {@code cache.load} of its result and a {@code cache.load.duration} sample, agreeing with the statistics; a
 * failing function is a {@code failure} load. Needs the engine to time computations and report them through
 * {@code StatsRecorder.recordLoad} (issue 15, api side): enable this class when it lands.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class RecallCacheLoadMetricsTest {
  @Parameter
  String driver;

  private RecallClient client;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void connect(RedisTarget target) {
    client = Recall.connect(RedisConfig.fromUrl(target.url()), driver);
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void computations_areLoadsOfTheirResult_timed_andEqualTheStats() {
    FunctionCache cache = RecallCacheMetrics.monitor(registry,
        client.functionCache(FunctionCacheConfig.builder("loads-" + driver).build()));
    Function<Integer, Integer> checked = cache.memoize("checked", Integer.class, n -> {
      if (n < 0) {
        throw new IllegalArgumentException("negative");
      }
      return n;
    });

    checked.apply(1);
    checked.apply(1); // a hit: no load
    checked.apply(2);
    assertThatThrownBy(() -> checked.apply(-1)).isInstanceOf(IllegalArgumentException.class);

    FunctionCacheStats stats = cache.stats();
    assertThat(stats.loadSuccesses()).isEqualTo(2);
    assertThat(stats.loadFailures()).isEqualTo(1);
    assertThat(registry.get("cache.load").tags("function", "checked", "result", "success").counter().count())
        .isEqualTo(stats.loadSuccesses());
    assertThat(registry.get("cache.load").tags("function", "checked", "result", "failure").counter().count())
        .isEqualTo(stats.loadFailures());
    Timer success = registry.get("cache.load.duration").tags("function", "checked", "result", "success").timer();
    Timer failure = registry.get("cache.load.duration").tags("function", "checked", "result", "failure").timer();
    assertThat(success.count()).isEqualTo(2);
    assertThat(failure.count()).isEqualTo(1);
    assertThat(success.totalTime(TimeUnit.NANOSECONDS) + failure.totalTime(TimeUnit.NANOSECONDS))
        .isCloseTo(stats.totalLoadTime().toNanos(), within(1_000.0));
  }
}
