package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RecallCodecException;
import dev.recall.RecallConnectionException;
import dev.recall.RedisConfig;
import dev.recall.codec.Codec;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionCacheStats;
import dev.recall.function.FunctionSpec;
import dev.recall.function.StatsRecorder;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
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
 * A {@link StatsRecorder} receives each event of a function cache as it happens, on the caller's thread: hit, miss,
 * load, store, evictions and errors (of the codec and of Redis), in the order they happen and agreeing with the
 * snapshot; a recorder that throws breaks no call.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class StatsRecorderTest {
  private final String driver;
  private RecallClient client;
  private final Events events = new Events();

  StatsRecorderTest(String driver) {
    this.driver = driver;
  }

  /** Writes down each event, the thread it came on, and each error. */
  static final class Events implements StatsRecorder {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private void add(String event) {
      seen.add(event);
      threads.add(Thread.currentThread());
    }

    @Override
    public void recordHit(String function) {
      add("hit " + function);
    }

    @Override
    public void recordMiss(String function) {
      add("miss " + function);
    }

    @Override
    public void recordStore(String function) {
      add("store " + function);
    }

    @Override
    public void recordEvictions(String function, long count) {
      add("evicted " + count + " " + function);
    }

    @Override
    public void recordError(String function, Throwable error) {
      add("error " + function);
      errors.add(error);
    }

    @Override
    public void recordLoad(String function, long nanos, boolean success) {
      add("load " + function + (success ? "" : " failed"));
    }

    @Override
    public void recordStampedeWait(String function, long nanos) {
      add("wait " + function);
    }

    @Override
    public void recordLeaseLapse(String function) {
      add("lapse " + function);
    }

    @Override
    public void recordCorruptRemoved(String function, Throwable problem) {
      add("removed " + function);
    }
  }

  /** A recorder that throws on every event, as a broken metrics binding would. */
  static final class Throwing implements StatsRecorder {
    private static RuntimeException broken() {
      return new IllegalStateException("broken recorder");
    }

    @Override
    public void recordHit(String function) {
      throw broken();
    }

    @Override
    public void recordMiss(String function) {
      throw broken();
    }

    @Override
    public void recordStore(String function) {
      throw broken();
    }

    @Override
    public void recordEvictions(String function, long count) {
      throw broken();
    }

    @Override
    public void recordError(String function, Throwable error) {
      throw broken();
    }

    @Override
    public void recordLoad(String function, long nanos, boolean success) {
      throw broken();
    }

    @Override
    public void recordStampedeWait(String function, long nanos) {
      throw broken();
    }

    @Override
    public void recordLeaseLapse(String function) {
      throw broken();
    }

    @Override
    public void recordCorruptRemoved(String function, Throwable problem) {
      throw broken();
    }
  }

  /** A codec whose every value fails to encode. */
  private static final Codec<String> UNENCODABLE = new Codec<>() {
    @Override
    public byte[] encode(String value) {
      throw new RecallCodecException("cannot encode " + value, typeName(), null);
    }

    @Override
    public String decode(byte[] bytes) {
      throw new AssertionError("nothing was stored to decode");
    }

    @Override
    public String typeName() {
      return "Unencodable";
    }
  };

  @BeforeEach
  void connect(RedisServer server) {
    client = Drivers.connect(server, driver);
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void everyEvent_reachesTheRecorder_inOrder_onTheCallersThread() {
    FunctionCache cache = client.functionCache(FunctionCacheConfig.builder("recorded").maxSize(1)
        .statsRecorder(events).build());
    Function<Integer, Integer> square = cache.memoize("square", Integer.class, n -> n * n);
    Function<Integer, String> broken = cache.memoize(FunctionSpec.builder("broken", UNENCODABLE).build(), n -> "x");

    assertThat(square.apply(2)).isEqualTo(4);
    assertThat(square.apply(2)).isEqualTo(4);
    assertThat(square.apply(3)).as("stored in place of 2, as the cache holds one entry").isEqualTo(9);
    assertThat(broken.apply(1)).as("fail-open: the value despite the codec").isEqualTo("x");

    assertThat(events.seen).containsExactly(
        "miss square", "load square", "store square",
        "hit square",
        "miss square", "load square", "store square", "evicted 1 square",
        "miss broken", "load broken", "error broken");
    assertThat(events.errors).singleElement().isInstanceOf(RecallCodecException.class);
    assertThat(events.threads).containsOnly(Thread.currentThread());
    FunctionCacheStats stats = cache.stats();
    assertThat(stats).isEqualTo(new FunctionCacheStats(1, 3, 2, 1, 1, 3, 0, stats.totalLoadTime(), 0, 0, 0));
  }

  @Test
  void recorderThatThrowsOnEveryEvent_breaksNoCall_andTheStatsStillCount() {
    Events after = new Events();
    FunctionCache cache = client.functionCache(FunctionCacheConfig.builder("throwing").maxSize(1)
        .statsRecorder(new Throwing()).build());
    // Joined behind the throwing one: it still hears every event.
    cache.addRecorder(after);
    Function<Integer, Integer> square = cache.memoize("square", Integer.class, n -> n * n);
    Function<Integer, Integer> failing = cache.memoize("failing", Integer.class, n -> {
      throw new ArithmeticException("the function's own");
    });

    assertThat(square.apply(2)).isEqualTo(4);
    assertThat(square.apply(2)).isEqualTo(4);
    assertThat(cache.refresh(() -> square.apply(2))).isEqualTo(4);
    assertThat(square.apply(3)).isEqualTo(9);
    assertThatThrownBy(() -> failing.apply(1)).as("the function's exception, not the recorder's")
        .isInstanceOf(ArithmeticException.class).hasMessage("the function's own");

    assertThat(after.seen).containsExactly(
        "miss square", "load square", "store square",
        "hit square",
        "load square", "store square",
        "miss square", "load square", "store square", "evicted 1 square",
        "miss failing", "load failing failed");
    FunctionCacheStats stats = cache.stats();
    assertThat(stats).isEqualTo(new FunctionCacheStats(1, 3, 3, 1, 0, 3, 1, stats.totalLoadTime(), 0, 0, 0));
  }

  @Test
  void redisFailure_reachesTheRecorder_withTheConnectionException() {
    RedisServer own = RedisServer.spawn();
    try (RecallClient outage = Recall.connect(RedisConfig.fromUrl(own.url() + "?timeout=500ms"), driver)) {
      FunctionCache cache = outage.functionCache(FunctionCacheConfig.builder("outage").statsRecorder(events).build());
      Function<Integer, Integer> twice = cache.memoize("twice", Integer.class, n -> n * 2);
      assertThat(twice.apply(1)).isEqualTo(2);
      own.stop();
      assertThat(twice.apply(2)).as("fail-open").isEqualTo(4);

      // The fail-open computation is a load like any other: the function ran and returned.
      assertThat(events.seen).containsExactly("miss twice", "load twice", "store twice", "error twice", "load twice");
      assertThat(events.errors).singleElement().isInstanceOf(RecallConnectionException.class);
      assertThat(cache.stats().errors()).isEqualTo(1);
    } finally {
      own.close();
    }
  }
}
