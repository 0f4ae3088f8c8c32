package dev.recall.jmh;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.redisson.Redisson;
import org.redisson.api.RMapCache;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.springframework.cache.Cache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The peers in one fork on one server: a hit of Recall's function cache (LRU, both drivers), Redisson's
 * {@code RMapCache.get} and Spring Data Redis's {@code RedisCache.get} (on Lettuce), each reading the same
 * 64-character string, beside the raw {@code GET} of Jedis and Lettuce. Every client is set up once, so the
 * benchmarks of the fork share the server and the JIT.
 *
 * <p>Run: {@code java -jar jmh/target/recall-benchmarks.jar PeersBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PeersBenchmark {
  private static final String VALUE = HitFixture.VALUE;
  private static final byte[] RAW_KEY = "peer:raw".getBytes(StandardCharsets.UTF_8);

  private BenchmarkServer server;
  private RawClient rawLettuce;
  private RawClient rawJedis;
  private RecallClient recallLettuce;
  private RecallClient recallJedis;
  private Function<Long, String> hitLettuce;
  private Function<Long, String> hitJedis;
  private RedissonClient redisson;
  private RMapCache<String, String> mapCache;
  private LettuceConnectionFactory springConnections;
  private Cache springCache;

  @Setup(Level.Trial)
  public void setUp() {
    server = BenchmarkServer.start();
    server.command("FLUSHALL");
    rawLettuce = RawClient.open(Driver.LETTUCE, server.host(), server.port());
    rawJedis = RawClient.open(Driver.JEDIS, server.host(), server.port());
    rawLettuce.set(RAW_KEY, VALUE.getBytes(StandardCharsets.UTF_8));

    recallLettuce = Recall.connect(server.config(), "lettuce");
    recallJedis = Recall.connect(server.config(), "jedis");
    FunctionCacheConfig config = FunctionCacheConfig.builder("peers").policy(EvictionPolicy.LRU).build();
    hitLettuce = recallLettuce.functionCache(config).memoize("v", String.class, n -> VALUE);
    FunctionCache jedisCache = recallJedis.functionCache(config);
    hitJedis = jedisCache.memoize("v", String.class, n -> VALUE);
    hitLettuce.apply(1L);

    Config redissonConfig = new Config();
    redissonConfig.useSingleServer().setAddress("redis://" + server.host() + ":" + server.port());
    redisson = Redisson.create(redissonConfig);
    mapCache = redisson.getMapCache("peer:redisson", StringCodec.INSTANCE);
    mapCache.put("k", VALUE);

    springConnections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(server.host(), server.port()));
    springConnections.afterPropertiesSet();
    springConnections.start();
    RedisCacheManager manager = RedisCacheManager.builder(springConnections)
        .cacheDefaults(RedisCacheConfiguration.defaultCacheConfig()
            .serializeValuesWith(SerializationPair.fromSerializer(RedisSerializer.string())))
        .build();
    manager.afterPropertiesSet();
    springCache = Objects.requireNonNull(manager.getCache("peer-spring"));
    springCache.put("k", VALUE);
    if (!VALUE.equals(mapCache.get("k")) || !VALUE.equals(springGet()) || !VALUE.equals(hitJedis.apply(1L))) {
      throw new IllegalStateException("a peer does not read back the value it was given");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    springConnections.destroy();
    redisson.shutdown();
    recallJedis.close();
    recallLettuce.close();
    rawJedis.close();
    rawLettuce.close();
    server.close();
  }

  /** The floor of Lettuce: its own synchronous {@code GET}. */
  @Benchmark
  public byte[] rawGetLettuce() {
    return rawLettuce.get(RAW_KEY);
  }

  /** The floor of Jedis: its own pooled {@code GET}. */
  @Benchmark
  public byte[] rawGetJedis() {
    return rawJedis.get(RAW_KEY);
  }

  /** Recall, Lettuce driver: a memoized function's hit (LRU read script). */
  @Benchmark
  public String recallHitLettuce() {
    return hitLettuce.apply(1L);
  }

  /** Recall, Jedis driver: a memoized function's hit (LRU read script). */
  @Benchmark
  public String recallHitJedis() {
    return hitJedis.apply(1L);
  }

  /** Redisson's {@code RMapCache.get} of a present entry (a Lua script on Netty). */
  @Benchmark
  public String redissonMapCacheGet() {
    return mapCache.get("k");
  }

  /** Spring Data Redis's {@code RedisCache.get} of a present entry (a {@code GET} on Lettuce). */
  @Benchmark
  public Object springRedisCacheGet() {
    return springGet();
  }

  private Object springGet() {
    Cache.ValueWrapper wrapper = Objects.requireNonNull(springCache.get("k"));
    return Objects.requireNonNull(wrapper.get());
  }
}
