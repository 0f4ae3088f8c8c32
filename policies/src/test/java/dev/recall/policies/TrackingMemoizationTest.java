package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.RecallClient;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheStats;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.testkit.RedisTarget;
import dev.recall.tracking.CallTracker;
import dev.recall.tracking.RecordedCall;
import dev.recall.tracking.TrackingOptions;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Call tracking composed with a real {@link FunctionCache}, in either order and as functions or proxies: tracking
 * outside the memoizer counts every call, hits included; inside it, only the calls that reached the function (the
 * misses). Written against {@link RedisTarget} so that {@link TrackingMemoizationClusterTest} runs it on a cluster.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class TrackingMemoizationTest {
  private final String driver;
  private RedisTarget target;
  private RecallClient client;
  private CallTracker tracker;
  private final AtomicInteger computed = new AtomicInteger();

  /** A price list, slow to ask, to be memoized and tracked as a proxy. */
  interface Prices {
    int price(String item);
  }

  TrackingMemoizationTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void connect(RedisTarget target) {
    this.target = target;
    client = Drivers.connect(target, driver);
    tracker = client.tracking();
  }

  @AfterEach
  void close() {
    client.close();
  }

  private int slowPlusOne(int x) {
    computed.incrementAndGet();
    return x + 1;
  }

  @Test
  void trackingOutsideTheMemoizer_countsEveryCall_whileHitsAreServedFromRedis() {
    FunctionCache cache = client.functionCache("outside");
    Function<Integer, Integer> outer = tracker.trackCalls("outer")
        .function(cache.memoize("plus-one", Integer.class, this::slowPlusOne));
    for (int i = 0; i < 5; i++) {
      assertThat(outer.apply(1)).isEqualTo(2);
    }
    assertThat(outer.apply(2)).isEqualTo(3);

    assertThat(tracker.count("outer")).as("every call, hits included").isEqualTo(6);
    assertThat(tracker.replay("outer").calls()).extracting(RecordedCall::inputs)
        .containsExactly("[1]", "[1]", "[1]", "[1]", "[1]", "[2]");
    assertThat(tracker.replay("outer").calls()).extracting(RecordedCall::output)
        .containsExactly("2", "2", "2", "2", "2", "3");
    assertThat(computed).as("the function ran on the misses only").hasValue(2);
    FunctionCacheStats stats = cache.stats();
    assertThat(stats).as("two loads, on the misses")
        .isEqualTo(new FunctionCacheStats(4, 2, 2, 0, 0, 2, 0, stats.totalLoadTime(), 0, 0, 0));
  }

  @Test
  void trackingInsideTheMemoizer_seesOnlyTheMisses() {
    FunctionCache cache = client.functionCache("inside");
    Function<Integer, Integer> inner = cache.memoize("plus-one", Integer.class,
        tracker.trackCalls("inner").function(this::slowPlusOne));
    for (int i = 0; i < 5; i++) {
      assertThat(inner.apply(1)).isEqualTo(2);
    }
    assertThat(inner.apply(2)).isEqualTo(3);

    assertThat(tracker.count("inner")).as("only the calls that reached the function").isEqualTo(2);
    assertThat(tracker.replay("inner").calls())
        .containsExactly(new RecordedCall("[1]", "2"), new RecordedCall("[2]", "3"));
    assertThat(computed).hasValue(2);
    FunctionCacheStats stats = cache.stats();
    assertThat(stats).as("two loads, on the misses")
        .isEqualTo(new FunctionCacheStats(4, 2, 2, 0, 0, 2, 0, stats.totalLoadTime(), 0, 0, 0));
  }

  @Test
  void anotherClient_sharesTheMemoizedValues_andTheCount() {
    try (RecallClient other = Drivers.connect(target, driver)) {
      Function<Integer, Integer> here = tracker.countCalls("shared")
          .function(client.functionCache("shared").memoize("plus-one", Integer.class, this::slowPlusOne));
      Function<Integer, Integer> there = other.tracking().countCalls("shared")
          .function(other.functionCache("shared").memoize("plus-one", Integer.class, this::slowPlusOne));
      assertThat(here.apply(7)).isEqualTo(8);
      assertThat(there.apply(7)).as("a hit on the other client's value").isEqualTo(8);
      assertThat(computed).hasValue(1);
      assertThat(tracker.count("shared")).isEqualTo(2);
    }
  }

  @Test
  void proxies_compose_inEitherOrder() {
    Prices target = item -> {
      computed.incrementAndGet();
      return item.length();
    };
    // Two prefixes and two caches keep the two compositions' counts and entries apart.
    CallTracker outerTracker = client.tracking(TrackingOptions.builder().prefix("outer:").build());
    CallTracker innerTracker = client.tracking(TrackingOptions.builder().prefix("inner:").build());
    FunctionCache outerCache = client.functionCache("proxy-outer");
    FunctionCache innerCache = client.functionCache("proxy-inner");
    Prices trackedOutside = outerTracker.countCalls(Prices.class, outerCache.memoizeAll(Prices.class, target));
    Prices trackedInside = innerCache.memoizeAll(Prices.class, innerTracker.countCalls(Prices.class, target));
    for (int i = 0; i < 3; i++) {
      assertThat(trackedOutside.price("tea")).isEqualTo(3);
      assertThat(trackedInside.price("tea")).isEqualTo(3);
    }

    assertThat(outerTracker.count("Prices.price")).isEqualTo(3);
    assertThat(innerTracker.count("Prices.price")).isEqualTo(1);
    assertThat(computed).as("once per cache").hasValue(2);
    assertThat(outerCache.stats().hits()).isEqualTo(2);
    assertThat(innerCache.stats().hits()).isEqualTo(2);
  }
}
