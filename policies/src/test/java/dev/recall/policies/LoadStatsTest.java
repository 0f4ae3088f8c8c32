package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallClient;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheStats;
import dev.recall.function.StatsRecorder;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine times each computation of a value (a miss or a refresh, returning or throwing) and counts it in the
 * snapshot and through the recorder; hits and bypassed calls are no loads.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class LoadStatsTest {
  private static final Duration COMPUTATION = Duration.ofMillis(20);

  private final String driver;
  private RecallClient client;

  LoadStatsTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void connect(RedisServer server) {
    client = Drivers.connect(server, driver);
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void missHitFailureRefresh_countTheirLoads_andNothingElse() {
    FunctionCache cache = client.functionCache("loads");
    Function<Integer, Integer> square = cache.memoize("square", Integer.class, n -> n * n);
    Function<Integer, Integer> failing = cache.memoize("failing", Integer.class, n -> {
      throw new IllegalArgumentException("no " + n);
    });

    assertThat(square.apply(3)).as("a miss: one load").isEqualTo(9);
    assertThat(square.apply(3)).as("a hit: no load").isEqualTo(9);
    assertThatThrownBy(() -> failing.apply(1)).as("a failed load").isInstanceOf(IllegalArgumentException.class);
    assertThat(cache.refresh(() -> square.apply(3))).as("a refresh: one load").isEqualTo(9);
    assertThat(cache.bypass(() -> square.apply(4))).as("bypassed: not the cache's load").isEqualTo(16);

    FunctionCacheStats stats = cache.stats();
    assertThat(stats.hits()).isEqualTo(1);
    assertThat(stats.misses()).isEqualTo(2);
    assertThat(stats.stores()).isEqualTo(2);
    assertThat(stats.errors()).isZero();
    assertThat(stats.loadSuccesses()).isEqualTo(2);
    assertThat(stats.loadFailures()).isEqualTo(1);
    assertThat(stats.loads()).isEqualTo(3);
    assertThat(stats.totalLoadTime()).isPositive();
    assertThat(stats.stampedeWaits()).isZero();
    assertThat(stats.leaseLapses()).isZero();
    assertThat(stats.corruptRemoved()).isZero();
  }

  @Test
  void loadTime_coversTheComputation_successOrFailure() {
    List<Long> reported = new CopyOnWriteArrayList<>();
    FunctionCache cache = client.functionCache("load-time");
    cache.addRecorder(new StatsRecorder() {
      @Override
      public void recordLoad(String function, long nanos, boolean success) {
        reported.add(nanos);
      }
    });
    Function<Integer, Integer> slow = cache.memoize("slow", Integer.class, n -> {
      sleep(COMPUTATION);
      return n;
    });
    Function<Integer, Integer> slowFailure = cache.memoize("slow-failure", Integer.class, n -> {
      sleep(COMPUTATION);
      throw new IllegalStateException("failed after sleeping");
    });

    assertThat(slow.apply(1)).isEqualTo(1);
    assertThat(slow.apply(1)).as("a hit, not timed").isEqualTo(1);
    assertThatThrownBy(() -> slowFailure.apply(1)).isInstanceOf(IllegalStateException.class);

    FunctionCacheStats stats = cache.stats();
    assertThat(stats.loads()).isEqualTo(2);
    assertThat(stats.totalLoadTime()).isGreaterThanOrEqualTo(COMPUTATION.multipliedBy(2));
    assertThat(reported).hasSize(2)
        .allSatisfy(nanos -> assertThat(nanos).isGreaterThanOrEqualTo(COMPUTATION.toNanos()));
    assertThat(reported.stream().mapToLong(Long::longValue).sum()).isEqualTo(stats.totalLoadTime().toNanos());
  }

  /** The computation's known duration: time is what is measured here, not a way to synchronise. */
  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
