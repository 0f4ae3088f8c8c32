package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;

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
 * store, evictions and errors (of the codec and of Redis), in the order they happen and agreeing with the snapshot.
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
        "miss square", "store square",
        "hit square",
        "miss square", "store square", "evicted 1 square",
        "miss broken", "error broken");
    assertThat(events.errors).singleElement().isInstanceOf(RecallCodecException.class);
    assertThat(events.threads).containsOnly(Thread.currentThread());
    assertThat(cache.stats()).isEqualTo(new FunctionCacheStats(1, 3, 2, 1, 1));
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

      assertThat(events.seen).containsExactly("miss twice", "store twice", "error twice");
      assertThat(events.errors).singleElement().isInstanceOf(RecallConnectionException.class);
      assertThat(cache.stats().errors()).isEqualTo(1);
    } finally {
      own.close();
    }
  }
}
