package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.recall.ModuleNotFoundException;
import dev.recall.RecallClient;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionSpec;
import dev.recall.function.NearCacheConfig;
import dev.recall.function.UnsupportedArgumentException;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input anywhere in the function cache's public API is a typed exception at the call site, and nothing reaches
 * Redis: the database stays empty.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class FunctionCacheBadInputTest {
  private final String driver;
  private RedisServer server;
  private RecallClient client;
  private FunctionCache cache;

  FunctionCacheBadInputTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void connect(RedisServer server) {
    this.server = server;
    client = Drivers.connect(server, driver);
    cache = client.functionCache("bad-input");
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void badInput_isATypedExceptionAtTheCallSite_andNothingIsWritten() {
    String longName = "n".repeat(70_000);
    List<ThrowingCallable> nullPointers = List.of(
        () -> cache.memoize("f", Long.class, (Supplier<Long>) null),
        () -> cache.memoize("f", Long.class, (Function<Long, Long>) null),
        () -> cache.memoize("f", Long.class, (BiFunction<Long, Long, Long>) null),
        () -> cache.memoizeCallable("f", Long.class, (Callable<Long>) null),
        () -> cache.memoize((String) null, Long.class, (Function<Long, Long>) x -> x),
        () -> cache.memoize("f", (Class<Long>) null, (Function<Long, Long>) x -> x),
        () -> cache.memoize((FunctionSpec<Long>) null, (Function<Long, Long>) x -> x),
        () -> cache.memoizeAll(null, "target"),
        () -> cache.bypass(null),
        () -> cache.refresh(null),
        () -> client.functionCache((FunctionCacheConfig) null),
        () -> FunctionCacheConfig.builder("c").policy(null),
        () -> FunctionCacheConfig.builder("c").ttl(null));
    List<ThrowingCallable> illegalArguments = List.of(
        () -> cache.memoize("", Long.class, (Function<Long, Long>) x -> x),
        () -> cache.memoize("  ", Long.class, (Function<Long, Long>) x -> x),
        () -> cache.memoize(longName, Long.class, (Function<Long, Long>) x -> x),
        () -> client.functionCache(""),
        () -> client.functionCache("has space"),
        () -> FunctionCacheConfig.builder("c").maxSize(0),
        () -> FunctionCacheConfig.builder("c").maxSize(-5),
        () -> FunctionCacheConfig.builder("c").ttl(Duration.ofSeconds(-1)),
        () -> FunctionCacheConfig.builder("c").ttl(Duration.ZERO),
        () -> FunctionCacheConfig.builder("c").ttlJitter(-0.1),
        () -> FunctionCacheConfig.builder("c").ttlJitter(Double.NaN),
        () -> FunctionCacheConfig.builder("c").leaseTime(Duration.ZERO),
        () -> FunctionSpec.builder("f", Long.class).ignoreArguments(-1));
    for (int i = 0; i < nullPointers.size(); i++) {
      assertThat(catchThrowable(nullPointers.get(i))).as("null case %d", i).isInstanceOf(NullPointerException.class);
    }
    for (int i = 0; i < illegalArguments.size(); i++) {
      assertThat(catchThrowable(illegalArguments.get(i))).as("illegal case %d", i)
          .isInstanceOf(IllegalArgumentException.class);
    }

    Function<Object, Long> memoized = cache.memoize("f", Long.class, x -> 1L);
    List<Object> cyclic = new ArrayList<>();
    cyclic.add(cyclic);
    assertThatThrownBy(() -> memoized.apply(cyclic))
        .isInstanceOf(UnsupportedArgumentException.class)
        .hasMessageContaining("0");
    assertThatThrownBy(() -> memoized.apply(new Object()))
        .isInstanceOf(UnsupportedArgumentException.class)
        .hasMessageContaining("java.lang.Object");
    assertThat(cache.config().policy()).isEqualTo(EvictionPolicy.LRU);
    assertThat(server.command("DBSIZE")).as("nothing reached Redis").isEqualTo(0L);
  }

  @Test
  void refreshAndStaleSettings_outOfRange_nameTheSettingAndValue_andNothingIsWritten() {
    Map<ThrowingCallable, String> illegal = new LinkedHashMap<>();
    illegal.put(() -> FunctionCacheConfig.builder("c").refreshAfterWrite(Duration.ZERO), "refreshAfterWrite");
    illegal.put(() -> FunctionCacheConfig.builder("c").refreshAfterWrite(Duration.ofMillis(-5)), "PT-0.005S");
    illegal.put(() -> FunctionCacheConfig.builder("c").staleIfError(Duration.ZERO), "staleIfError");
    illegal.put(() -> FunctionCacheConfig.builder("c").staleIfError(Duration.ofSeconds(-1)), "PT-1S");
    illegal.put(() -> FunctionCacheConfig.builder("c").ttl(Duration.ofSeconds(5))
        .refreshAfterWrite(Duration.ofSeconds(5)).build(), "must be shorter than the ttl (PT5S)");
    illegal.put(() -> FunctionCacheConfig.builder("c").ttl(Duration.ofSeconds(5))
        .refreshAfterWrite(Duration.ofMinutes(1)).build(), "refreshAfterWrite (PT1M)");
    illegal.put(() -> FunctionCacheConfig.builder("c").staleIfError(Duration.ofSeconds(5)).build(), "needs a ttl");
    illegal.put(() -> FunctionSpec.builder("f", Long.class).refreshAfterWrite(Duration.ZERO),
        "refreshAfterWrite of function 'f'");
    FunctionCache shortLived = client.functionCache(
        FunctionCacheConfig.builder("short").ttl(Duration.ofSeconds(1)).build());
    illegal.put(() -> shortLived.memoize(FunctionSpec.builder("g", Long.class)
        .refreshAfterWrite(Duration.ofSeconds(2)).build(), (Function<Long, Long>) x -> x),
        "refreshAfterWrite of function 'g' (PT2S) must be shorter than the ttl (PT1S)");
    illegal.forEach((call, message) -> assertThat(catchThrowable(call)).as(message)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message));
    assertThat(catchThrowable(() -> FunctionCacheConfig.builder("c").refreshAfterWrite(null)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("refreshAfterWrite");
    assertThat(catchThrowable(() -> FunctionCacheConfig.builder("c").staleIfError(null)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("staleIfError");
    assertThat(server.command("DBSIZE")).as("nothing reached Redis").isEqualTo(0L);
  }

  @Test
  void nearCacheSettings_outOfRange_nameTheSetting_andWithoutTheModule_theCacheIsRefused() {
    Map<ThrowingCallable, String> illegal = new LinkedHashMap<>();
    illegal.put(() -> NearCacheConfig.builder(0), "maxEntries must be at least 1, got 0");
    illegal.put(() -> NearCacheConfig.of(-3), "got -3");
    illegal.put(() -> NearCacheConfig.builder(10).maxAge(Duration.ZERO), "near cache maxAge");
    illegal.put(() -> NearCacheConfig.builder(10).flushInterval(Duration.ofMillis(-1)), "near cache flushInterval");
    illegal.put(() -> NearCacheConfig.builder(10).flushHits(0), "near cache flushHits");
    illegal.put(() -> NearCacheConfig.builder(10).pingInterval(Duration.ofMillis(5)), "at least 10 ms, got PT0.005S");
    illegal.forEach((call, message) -> assertThat(catchThrowable(call)).as(message)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message));
    assertThat(catchThrowable(() -> FunctionCacheConfig.builder("c").nearCache(null)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("nearCache");
    // This module's tests run without recall-near-cache, as an application that forgot it would.
    assertThatThrownBy(() -> client.functionCache(FunctionCacheConfig.builder("near")
        .nearCache(NearCacheConfig.of(100)).build()))
        .isInstanceOf(ModuleNotFoundException.class).hasMessageContaining("dev.recall:recall-near-cache");
    assertThat(server.command("DBSIZE")).as("nothing reached Redis").isEqualTo(0L);
  }
}
