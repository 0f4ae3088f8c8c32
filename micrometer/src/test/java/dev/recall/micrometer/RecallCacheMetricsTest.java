package dev.recall.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RecallCodecException;
import dev.recall.RedisConfig;
import dev.recall.codec.Codec;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionCacheStats;
import dev.recall.function.FunctionSpec;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.testkit.RedisTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RecallCacheMetrics} on a real Redis through each driver: after a known sequence of calls the meters equal
 * the cache's statistics and are tagged as documented, a binder attached to a cache that already ran counts from
 * then on, binding twice does not count twice, and the size gauge reads {@link FunctionCache#size()}.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class RecallCacheMetricsTest {
  /** A codec whose every value fails to encode: a fail-open error on each store. */
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

  private double sum(String name, String... tags) {
    return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
  }

  private void assertMetersEqual(FunctionCacheStats stats, String cache) {
    assertThat(sum("cache.gets", "cache", cache, "result", "hit")).isEqualTo(stats.hits());
    assertThat(sum("cache.gets", "cache", cache, "result", "miss")).isEqualTo(stats.misses());
    assertThat(sum("cache.puts", "cache", cache)).isEqualTo(stats.stores());
    assertThat(sum("cache.evictions", "cache", cache)).isEqualTo(stats.evictions());
    assertThat(sum("recall.cache.errors", "cache", cache)).isEqualTo(stats.errors());
  }

  @Test
  void knownSequence_metersEqualTheStats_perFunction_taggedAsDocumented() {
    FunctionCache cache = RecallCacheMetrics.monitor(registry,
        client.functionCache(FunctionCacheConfig.builder("metered-" + driver).maxSize(1).build()), "app", "shop");
    String name = cache.config().name();
    Function<Integer, Integer> square = cache.memoize("square", Integer.class, n -> n * n);
    Function<Integer, String> broken = cache.memoize(FunctionSpec.builder("broken", UNENCODABLE).build(), n -> "x");

    square.apply(2); // miss, store
    square.apply(2); // hit
    square.apply(3); // miss, store evicting 2
    broken.apply(1); // miss, codec error (fail-open)

    FunctionCacheStats stats = cache.stats();
    // Three computations returned (the broken one too: its result, not its function, failed to encode).
    assertThat(stats).isEqualTo(new FunctionCacheStats(1, 3, 2, 1, 1, 3, 0, stats.totalLoadTime(), 0, 0, 0));
    assertMetersEqual(cache.stats(), name);
    assertThat(registry.get("cache.gets").tags("function", "square", "result", "hit", "tier", "remote").counter()
        .count()).isEqualTo(1);
    assertThat(registry.get("cache.gets").tags("function", "square", "result", "miss").counter().count())
        .isEqualTo(2);
    assertThat(registry.get("cache.evictions").tags("function", "square").counter().count()).isEqualTo(1);
    assertThat(registry.get("cache.gets").tags("function", "broken", "result", "miss").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("recall.cache.errors").tags("function", "broken").counter().count()).isEqualTo(1);
    assertThat(registry.get("cache.puts").tags("function", "broken").counter().count()).isZero();

    assertThat(registry.getMeters()).extracting(Meter::getId).allSatisfy(id -> {
      assertThat(id.getTags()).contains(Tag.of("cache", name), Tag.of("app", "shop"));
      if (!id.getName().equals("cache.size")) {
        assertThat(id.getTag("function")).isIn("square", "broken");
      }
    });
    var size = registry.get("cache.size").tags("cache", name, "app", "shop").gauge();
    assertThat(size.getId().getTag("function")).isNull();
    assertThat(size.value()).isEqualTo(cache.size()).isEqualTo(1);
  }

  @Test
  void meters_matchTheScriptCallsTheServerCounted(RedisTarget target) {
    FunctionCache cache = RecallCacheMetrics.monitor(registry,
        client.functionCache(FunctionCacheConfig.builder("counted-" + driver).maxSize(1).build()));
    Function<Integer, Integer> warm = cache.memoize("warm", Integer.class, n -> n);
    warm.apply(0); // loads the read and store scripts before counting
    Function<Integer, Integer> square = cache.memoize("square", Integer.class, n -> n * n);
    target.command("CONFIG", "RESETSTAT");

    square.apply(2); // read script (miss), store script
    square.apply(2); // read script (hit)
    square.apply(3); // read script (miss), store script evicting 2

    Matcher calls = Pattern.compile("cmdstat_evalsha:calls=(\\d+),")
        .matcher(String.valueOf(target.command("INFO", "commandstats")));
    assertThat(calls.find()).as("EVALSHA in INFO commandstats").isTrue();
    double gets = sum("cache.gets", "function", "square");
    double puts = sum("cache.puts", "function", "square");
    assertThat(gets).isEqualTo(3);
    assertThat(puts).isEqualTo(2);
    assertThat(gets + puts).as("one read script per get, one store script per put").isEqualTo(
        Long.parseLong(calls.group(1)));
  }

  @Test
  void binderAttachedToACacheThatAlreadyRan_countsFromThenOn() {
    FunctionCache cache = client.functionCache(FunctionCacheConfig.builder("late-" + driver).build());
    Function<Integer, Integer> twice = cache.memoize("twice", Integer.class, n -> n * 2);
    twice.apply(1);
    twice.apply(1);
    FunctionCacheStats before = cache.stats();

    new RecallCacheMetrics(cache, List.of()).bindTo(registry);
    assertThat(registry.find("cache.gets").meters()).as("no event since binding").isEmpty();
    twice.apply(1);
    twice.apply(2);
    twice.apply(2);

    FunctionCacheStats after = cache.stats();
    FunctionCacheStats since = new FunctionCacheStats(after.hits() - before.hits(), after.misses() - before.misses(),
        after.stores() - before.stores(), after.evictions() - before.evictions(), after.errors() - before.errors());
    assertThat(since).isEqualTo(new FunctionCacheStats(2, 1, 1, 0, 0));
    assertMetersEqual(since, cache.config().name());
    assertThat(registry.get("cache.size").gauge().value()).isEqualTo(2);
  }

  @Test
  void bindingTwiceToOneRegistry_countsOnce_anotherRegistryCountsToo() {
    FunctionCache cache = client.functionCache(FunctionCacheConfig.builder("twice-" + driver).build());
    RecallCacheMetrics.monitor(registry, cache);
    RecallCacheMetrics.monitor(registry, cache);
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    RecallCacheMetrics.monitor(other, cache);
    Function<Integer, Integer> same = cache.memoize("same", Integer.class, n -> n);

    same.apply(1);
    same.apply(1);

    assertThat(registry.get("cache.gets").tags("result", "hit", "tier", "remote").counter().count()).isEqualTo(1);
    assertThat(other.get("cache.gets").tags("result", "hit", "tier", "remote").counter().count()).isEqualTo(1);
  }

  @Test
  void redisOutage_countsAnErrorPerCall_andTheSizeGaugeKeepsItsLastValue() {
    RedisServer own = RedisServer.spawn();
    try (RecallClient outage = Recall.connect(RedisConfig.fromUrl(own.url() + "?timeout=500ms"), driver)) {
      FunctionCache cache = RecallCacheMetrics.monitor(registry,
          outage.functionCache(FunctionCacheConfig.builder("outage").build()));
      Function<Integer, Integer> twice = cache.memoize("twice", Integer.class, n -> n * 2);
      twice.apply(1);
      var size = registry.get("cache.size").gauge();
      assertThat(size.value()).isEqualTo(1);
      own.stop();

      assertThat(twice.apply(2)).as("fail-open").isEqualTo(4);
      assertThat(twice.apply(3)).isEqualTo(6);

      assertThat(registry.get("recall.cache.errors").tag("function", "twice").counter().count())
          .isEqualTo(cache.stats().errors()).isEqualTo(2);
      assertThat(size.value()).as("within the read interval, no round trip").isEqualTo(1);
    } finally {
      own.close();
    }
  }
}
