package dev.recall.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.StatsRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The registry behind the client's named features, with function cache configs and plain objects as instances. */
class FeatureRegistryTest {
  private final FeatureRegistry<FunctionCacheConfig, Object> registry = new FeatureRegistry<>("function cache");
  private final AtomicInteger built = new AtomicInteger();

  private Object build(FunctionCacheConfig config) {
    built.incrementAndGet();
    return new Object();
  }

  private static FunctionCacheConfig pricing(EvictionPolicy policy, long maxSize) {
    return FunctionCacheConfig.builder("pricing").policy(policy).maxSize(maxSize).build();
  }

  @Test
  void get_sameNameAndEqualConfig_returnsTheSameInstance() {
    Object first = registry.get("pricing", pricing(EvictionPolicy.LRU, 100), this::build);
    Object second = registry.get("pricing", pricing(EvictionPolicy.LRU, 100), this::build);

    assertThat(second).isSameAs(first);
    assertThat(built).hasValue(1);
  }

  @Test
  void get_sameNameAndDifferentConfig_namesEachDifferingSettingWithBothValues() {
    registry.get("pricing", pricing(EvictionPolicy.LRU, 100), this::build);

    assertThatThrownBy(() -> registry.get("pricing", pricing(EvictionPolicy.LFU, 200), this::build))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("function cache 'pricing' already exists with policy=LRU, maxSize=100; "
            + "asked for policy=LFU, maxSize=200");
    assertThat(built).hasValue(1);
  }

  @Test
  void get_nullableSettingDiffers_showsNull() {
    registry.get("pricing", FunctionCacheConfig.of("pricing"), this::build);
    FunctionCacheConfig withTtl = FunctionCacheConfig.builder("pricing").ttl(Duration.ofMinutes(5)).build();

    assertThatThrownBy(() -> registry.get("pricing", withTtl, this::build))
        .hasMessage("function cache 'pricing' already exists with ttl=null; asked for ttl=PT5M");
  }

  @Test
  void get_statsRecorder_isComparedByIdentity() {
    StatsRecorder recorder = new StatsRecorder() { };
    FunctionCacheConfig config = FunctionCacheConfig.builder("pricing").statsRecorder(recorder).build();
    Object first = registry.get("pricing", config, this::build);

    assertThat(registry.get("pricing", config.toBuilder().build(), this::build)).isSameAs(first);
    FunctionCacheConfig otherRecorder = config.toBuilder().statsRecorder(new StatsRecorder() { }).build();
    assertThatThrownBy(() -> registry.get("pricing", otherRecorder, this::build))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("function cache 'pricing' already exists with statsRecorder=")
        .hasMessageContaining("; asked for statsRecorder=")
        .hasMessageNotContaining("policy");
  }

  @Test
  void get_byName_returnsTheRegisteredInstanceWhateverItsConfig_orBuildsTheDefaults() {
    Object configured = registry.get("pricing", pricing(EvictionPolicy.LFU, 200), this::build);

    assertThat(registry.get("pricing", () -> FunctionCacheConfig.of("pricing"), this::build)).isSameAs(configured);
    List<FunctionCacheConfig> builtWith = new ArrayList<>();
    registry.get("other", () -> FunctionCacheConfig.of("other"), config -> {
      builtWith.add(config);
      return new Object();
    });
    assertThat(builtWith).containsExactly(FunctionCacheConfig.of("other"));
  }

  @Test
  void get_factoryFails_registersNothing() {
    FunctionCacheConfig config = pricing(EvictionPolicy.LRU, 100);
    assertThatThrownBy(() -> registry.get("pricing", config, c -> {
      throw new IllegalStateException("no scripts");
    })).hasMessage("no scripts");

    assertThat(registry.get("pricing", pricing(EvictionPolicy.LFU, 200), this::build)).isNotNull();
  }

  @Test
  void clear_forgetsEveryInstance() {
    Object first = registry.get("pricing", pricing(EvictionPolicy.LRU, 100), this::build);
    registry.clear();

    assertThat(registry.get("pricing", pricing(EvictionPolicy.LFU, 200), this::build)).isNotSameAs(first);
  }

  @Test
  void get_concurrentFirstRequests_buildOneInstance() throws Exception {
    int callers = 16;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Object>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(callers)) {
      for (int i = 0; i < callers; i++) {
        results.add(threads.submit(() -> {
          start.await();
          return registry.get("pricing", pricing(EvictionPolicy.LRU, 100), this::build);
        }));
      }
      start.countDown();
      Object first = results.get(0).get(10, TimeUnit.SECONDS);
      for (Future<Object> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isSameAs(first);
      }
    }
    assertThat(built).hasValue(1);
  }
}
