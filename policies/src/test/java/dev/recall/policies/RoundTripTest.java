package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.RecallClient;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.KeyLayout;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.tracking.CallTracker;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The round trips the Javadoc promises, counted by the server itself ({@link ServerCounters}), per driver and per
 * policy: a memoized hit is one script call and nothing else, a miss and its store are two, a tracked call is one
 * command (one script call, whether it counts, records history or both).
 * Each client is warmed up first (connected, its scripts loaded), so its set-up commands fall before the count.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class RoundTripTest {
  private final String driver;
  private RecallClient client;
  private ServerCounters counters;

  RoundTripTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void connect(RedisServer server) {
    client = Drivers.connect(server, driver);
    counters = new ServerCounters(server);
  }

  @AfterEach
  void close() {
    counters.close();
    client.close();
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void memoizedHit_isOneScriptCall_andAMissWithItsStoreTwo(EvictionPolicy policy) {
    assertRoundTrips(FunctionCacheConfig.builder("trips-" + policy.id()).policy(policy).build());
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void withExpiryAndOnePairPerFunction_stillOneAndTwo(EvictionPolicy policy) {
    // Expiry makes the read script check the entry's expiry time, and the store trim expired entries; the layout
    // gives the function its own pair, registered by the store script: all still inside the two scripts.
    assertRoundTrips(FunctionCacheConfig.builder("trips-ttl-" + policy.id()).policy(policy)
        .ttl(Duration.ofMinutes(5)).ttlJitter(0.1).layout(KeyLayout.MULTIPLE).build());
  }

  private void assertRoundTrips(FunctionCacheConfig config) {
    FunctionCache cache = client.functionCache(config);
    Function<Integer, Integer> square = cache.memoize("square", Integer.class, n -> n * n);
    // Warm-up: connects, and loads the read and store scripts (a first EVALSHA fails with NOSCRIPT).
    assertThat(square.apply(1)).isEqualTo(1);
    assertThat(square.apply(1)).isEqualTo(1);

    counters.during(() -> assertThat(square.apply(2)).isEqualTo(4)).assertOnlyScriptCalls(2);
    counters.during(() -> assertThat(square.apply(2)).isEqualTo(4)).assertOnlyScriptCalls(1);
    assertThat(cache.stats().hits()).isEqualTo(2);
    assertThat(cache.stats().misses()).isEqualTo(2);
  }

  @Test
  void trackedCall_isOneScriptCall_forCountsHistoryAndBoth() {
    CallTracker tracker = client.tracking();
    Function<Integer, Integer> counted = tracker.countCalls("counted").function(x -> x + 1);
    Function<Integer, Integer> recorded = tracker.callHistory("recorded").function(x -> x + 2);
    Supplier<String> both = tracker.trackCalls("both").supplier(() -> "b");
    // Warm-up: connects, and loads the tracking scripts.
    counted.apply(0);
    recorded.apply(0);
    both.get();

    // Counting alone is the same one script: its request id makes a resent record count once.
    counters.during(() -> assertThat(counted.apply(1)).isEqualTo(2)).assertOnlyScriptCalls(1);
    counters.during(() -> assertThat(recorded.apply(1)).isEqualTo(3)).assertOnlyScriptCalls(1);
    counters.during(() -> assertThat(both.get()).isEqualTo("b")).assertOnlyScriptCalls(1);
    assertThat(tracker.count("counted")).isEqualTo(2);
    assertThat(tracker.replay("recorded").calls()).hasSize(2);
    assertThat(tracker.replay("both").count()).isEqualTo(2);
  }
}
