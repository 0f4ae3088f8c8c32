package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallClient;
import dev.recall.RecallCodecException;
import dev.recall.RedisConfig;
import dev.recall.Recall;
import dev.recall.codec.Codec;
import dev.recall.contract.Await;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionSpec;
import dev.recall.function.KeyLayout;
import dev.recall.function.Memoize;
import dev.recall.function.UnsupportedArgumentException;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The function cache's features, through each driver against a real server. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class FunctionCacheTest {
  private final String driver;
  private RedisServer server;
  private RecallClient client;
  private FunctionCache cache;
  private final AtomicInteger calls = new AtomicInteger();

  FunctionCacheTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void connect(RedisServer server) {
    this.server = server;
    client = Drivers.connect(server, driver);
    cache = client.functionCache("features");
  }

  @AfterEach
  void close() {
    client.close();
  }

  record User(String name, int age) { }

  @Test
  void memoize_function_computesOnce_thenHits() {
    Function<Integer, User> user = cache.memoize("user", User.class, id -> {
      calls.incrementAndGet();
      return new User("u" + id, id);
    });
    assertThat(user.apply(7)).isEqualTo(new User("u7", 7));
    assertThat(user.apply(7)).isEqualTo(new User("u7", 7));
    assertThat(user.apply(8)).isEqualTo(new User("u8", 8));
    assertThat(calls).hasValue(2);
    assertThat(cache.stats()).satisfies(s -> {
      assertThat(s.hits()).isEqualTo(1);
      assertThat(s.misses()).isEqualTo(2);
      assertThat(s.stores()).isEqualTo(2);
    });
  }

  @Test
  void keys_areStableAcrossClients_andDriversShareEntries() {
    Function<String, String> first = cache.memoize("upper", String.class, s -> {
      calls.incrementAndGet();
      return s.toUpperCase();
    });
    first.apply("x");
    String other = driver.equals("lettuce") ? "jedis" : "lettuce";
    try (RecallClient second = Recall.connect(RedisConfig.fromUrl(server.url()), other)) {
      Function<String, String> again = second.functionCache("features").memoize("upper", String.class, s -> {
        calls.incrementAndGet();
        return "recomputed";
      });
      assertThat(again.apply("x")).isEqualTo("X");
    }
    assertThat(calls).hasValue(1);
  }

  @Test
  void supplier_biFunction_andCallable_adaptOntoTheSamePath() throws Exception {
    Supplier<Long> answer = cache.memoize("answer", Long.class, () -> (long) calls.incrementAndGet() * 0 + 42);
    BiFunction<Integer, Integer, Integer> add = cache.memoize("add", Integer.class, (a, b) -> {
      calls.incrementAndGet();
      return a + b;
    });
    Callable<String> load = cache.memoizeCallable("load", String.class, () -> {
      calls.incrementAndGet();
      return "loaded";
    });
    for (int i = 0; i < 2; i++) {
      assertThat(answer.get()).isEqualTo(42L);
      assertThat(add.apply(2, 3)).isEqualTo(5);
      assertThat(load.call()).isEqualTo("loaded");
    }
    assertThat(add.apply(3, 2)).isEqualTo(5);
    assertThat(calls).hasValue(4);
  }

  @Test
  void nullResult_isCached_asAValue() {
    Function<String, String> find = cache.memoize("find", String.class, key -> {
      calls.incrementAndGet();
      return null;
    });
    assertThat(find.apply("missing")).isNull();
    assertThat(find.apply("missing")).isNull();
    assertThat(calls).hasValue(1);
    assertThat(cache.stats().hits()).isEqualTo(1);
  }

  @Test
  void exceptions_areNotCached_andReachTheCallerUnchanged() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    Function<Integer, Integer> failing = cache.memoize("failing", Integer.class, n -> {
      if (calls.incrementAndGet() == 1) {
        throw boom;
      }
      return n;
    });
    assertThatThrownBy(() -> failing.apply(1)).isSameAs(boom);
    assertThat(failing.apply(1)).isEqualTo(1);
    assertThat(calls).hasValue(2);
    IOException checked = new IOException("disk");
    Callable<String> io = cache.memoizeCallable("io", String.class, () -> {
      throw checked;
    });
    assertThatThrownBy(io::call).isSameAs(checked);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void lookAlikeArguments_getTheirOwnEntries() {
    Function<Object, String> describe = cache.memoize("describe", String.class, arg -> {
      calls.incrementAndGet();
      return arg == null ? "null value" : arg.getClass().getSimpleName() + ":" + arg;
    });
    assertThat(describe.apply(1)).isEqualTo("Integer:1");
    assertThat(describe.apply("1")).isEqualTo("String:1");
    assertThat(describe.apply(List.of(1, 2))).startsWith("List");
    assertThat(describe.apply("1,2")).isEqualTo("String:1,2");
    assertThat(describe.apply(null)).isEqualTo("null value");
    assertThat(describe.apply("null")).isEqualTo("String:null");
    assertThat(calls).hasValue(6);
    assertThat(cache.size()).isEqualTo(6);
  }

  @Test
  void unsupportedArgument_failsBeforeRedis_namingIndexAndType() {
    BiFunction<String, Object, String> f = cache.memoize("f", String.class, (a, b) -> a);
    assertThatThrownBy(() -> f.apply("ok", new Object()))
        .isInstanceOf(UnsupportedArgumentException.class)
        .hasMessageContaining("argument 1 of 'f'")
        .hasMessageContaining("java.lang.Object");
    assertThat(cache.size()).isZero();
  }

  @Test
  void cacheIf_cachesOnlyWhenThePredicateHolds() {
    Function<Integer, Integer> f = cache.memoize(FunctionSpec.builder("even-only", Integer.class)
        .cacheIf(args -> (Integer) args.get(0) % 2 == 0).build(), n -> {
          calls.incrementAndGet();
          return n;
        });
    f.apply(2);
    f.apply(2);
    f.apply(3);
    f.apply(3);
    assertThat(calls).hasValue(3);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void ignoredArguments_areLeftOutOfTheKey() {
    BiFunction<Integer, String, Integer> f = cache.memoize(FunctionSpec.builder("ignore", Integer.class)
        .ignoreArguments(1).build(), (n, requestId) -> {
          calls.incrementAndGet();
          return n * 10;
        });
    assertThat(f.apply(1, "req-a")).isEqualTo(10);
    assertThat(f.apply(1, "req-b")).isEqualTo(10);
    assertThat(calls).hasValue(1);
    assertThat(cache.invalidate("ignore", 1, "anything")).isTrue();
  }

  @Test
  void invalidate_refresh_bypass_andClear() {
    AtomicInteger version = new AtomicInteger();
    Function<String, String> f = cache.memoize("versioned", String.class, k -> k + version.incrementAndGet());
    Function<String, String> g = cache.memoize("other", String.class, k -> k);
    assertThat(f.apply("a")).isEqualTo("a1");
    assertThat(f.apply("a")).isEqualTo("a1");
    assertThat(cache.bypass(() -> f.apply("a"))).isEqualTo("a2");
    assertThat(f.apply("a")).isEqualTo("a1");
    assertThat(cache.refresh(() -> f.apply("a"))).isEqualTo("a3");
    assertThat(f.apply("a")).isEqualTo("a3");
    assertThat(cache.invalidate("versioned", "a")).isTrue();
    assertThat(cache.invalidate("versioned", "a")).isFalse();
    assertThat(f.apply("a")).isEqualTo("a4");
    f.apply("b");
    g.apply("x");
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.clear("versioned")).isEqualTo(2);
    assertThat(cache.size()).isEqualTo(1);
    assertThat(g.apply("x")).isEqualTo("x");
    assertThat(cache.clear()).isEqualTo(1);
    assertThat(cache.size()).isZero();
    assertThatThrownBy(() -> cache.invalidate("unknown", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown");
  }

  @Test
  void multipleLayout_keepsOnePairPerFunction_andClearsWithoutKeys() {
    FunctionCache multi = client.functionCache(FunctionCacheConfig.builder("multi").layout(KeyLayout.MULTIPLE)
        .maxSize(2).build());
    Function<Integer, Integer> a = multi.memoize("a", Integer.class, n -> n);
    Function<Integer, Integer> b = multi.memoize("b", Integer.class, n -> -n);
    for (int i = 0; i < 3; i++) {
      a.apply(i);
      b.apply(i);
    }
    // The max size bounds each function's pair.
    assertThat(multi.size()).isEqualTo(4);
    assertThat(server.command("EXISTS", "recall:fn:multi:lru:m:a:data", "recall:fn:multi:lru:m:b:data"))
        .isEqualTo(2L);
    assertThat(multi.clear("a")).isEqualTo(2);
    assertThat(multi.size()).isEqualTo(2);
    assertThat(multi.clear()).isEqualTo(2);
    assertThat(server.command("DBSIZE")).isEqualTo(0L);
  }

  @Test
  void recursiveMemoization_throughTheMemoizedReference() {
    FunctionCache fibs = client.functionCache("fibs");
    Function<Integer, Long>[] fib = new Function[1];
    fib[0] = fibs.memoize("fib", Long.class, n -> {
      calls.incrementAndGet();
      return n < 2 ? (long) n : fib[0].apply(n - 1) + fib[0].apply(n - 2);
    });
    assertThat(fib[0].apply(60)).isEqualTo(1548008755920L);
    assertThat(calls).hasValue(61);
    assertThat(fib[0].apply(60)).isEqualTo(1548008755920L);
    assertThat(calls).hasValue(61);
  }

  interface Catalog {
    @Memoize
    List<String> names(String prefix, int count);

    @Memoize(name = "catalog-price", ignoreArguments = 1)
    double price(String sku, String traceId);

    String uncached(String x);
  }

  interface Greeter {
    String greet(String name);

    int length(String text);

    void log(String message);
  }

  @Test
  void proxies_memoizeMarkedMethods_orEveryMethodWhenNoneIsMarked() {
    Catalog target = new Catalog() {
      @Override
      public List<String> names(String prefix, int count) {
        calls.incrementAndGet();
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
      }

      @Override
      public double price(String sku, String traceId) {
        calls.incrementAndGet();
        return 9.5;
      }

      @Override
      public String uncached(String x) {
        calls.incrementAndGet();
        return x;
      }
    };
    Catalog catalog = cache.memoizeAll(Catalog.class, target);
    assertThat(catalog.names("p", 2)).containsExactly("p0", "p1");
    assertThat(catalog.names("p", 2)).containsExactly("p0", "p1");
    assertThat(catalog.price("s", "t1")).isEqualTo(9.5);
    assertThat(catalog.price("s", "t2")).isEqualTo(9.5);
    catalog.uncached("u");
    catalog.uncached("u");
    assertThat(calls).hasValue(4);
    assertThat(cache.invalidate("catalog-price", "s", "any")).isTrue();

    AtomicInteger greets = new AtomicInteger();
    Greeter greeter = cache.memoizeAll(Greeter.class, new Greeter() {
      @Override
      public String greet(String name) {
        greets.incrementAndGet();
        return "hi " + name;
      }

      @Override
      public int length(String text) {
        greets.incrementAndGet();
        if (text.isEmpty()) {
          throw new IllegalArgumentException("empty");
        }
        return text.length();
      }

      @Override
      public void log(String message) {
        greets.incrementAndGet();
      }
    });
    assertThat(greeter.greet("bo")).isEqualTo("hi bo");
    assertThat(greeter.greet("bo")).isEqualTo("hi bo");
    assertThat(greeter.length("abc")).isEqualTo(3);
    assertThat(greeter.length("abc")).isEqualTo(3);
    assertThatThrownBy(() -> greeter.length("")).isInstanceOf(IllegalArgumentException.class).hasMessage("empty");
    greeter.log("x");
    greeter.log("x");
    assertThat(greets).hasValue(5);
    assertThatThrownBy(() -> cache.memoizeAll(String.class, "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interface");
  }

  /** A codec that cannot encode anything, as a stand-in for a result type the codec does not handle. */
  private static final Codec<Object> BROKEN = new Codec<>() {
    @Override
    public byte[] encode(Object value) {
      throw new RecallCodecException("cannot encode " + value.getClass().getName(), "Thing", null);
    }

    @Override
    public Object decode(byte[] bytes) {
      throw new RecallCodecException("cannot decode", "Thing", null);
    }

    @Override
    public String typeName() {
      return "Thing";
    }
  };

  @Test
  void unencodableValue_failOpen_runsTheFunction_andCountsAnError() {
    Function<Integer, Object> f = cache.memoize(FunctionSpec.builder("broken", BROKEN).build(), n -> {
      calls.incrementAndGet();
      return new Object();
    });
    assertThat(f.apply(1)).isNotNull();
    assertThat(f.apply(1)).isNotNull();
    assertThat(calls).hasValue(2);
    assertThat(cache.stats().errors()).isEqualTo(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void unencodableValue_failClosed_throwsAClearCodecError() {
    FunctionCache strict = client.functionCache(FunctionCacheConfig.builder("strict").failOpen(false).build());
    Function<Integer, Object> f = strict.memoize(FunctionSpec.builder("broken", BROKEN).build(), n -> new Object());
    assertThatThrownBy(() -> f.apply(1)).isInstanceOf(RecallCodecException.class)
        .hasMessageContaining("cannot encode java.lang.Object");
    // Jackson's own codec names the type it cannot handle.
    Function<Integer, Object> empty = strict.memoize("empty", Object.class, n -> new Object());
    assertThatThrownBy(() -> empty.apply(1)).isInstanceOf(RecallCodecException.class)
        .hasMessageContaining("java.lang.Object");
  }

  @Test
  void corruptOrForeignValues_areMisses_removedAndReported_inBothModes() {
    for (boolean failOpen : new boolean[] {true, false}) {
      String name = failOpen ? "corrupt-open" : "corrupt-closed";
      FunctionCache c = client.functionCache(FunctionCacheConfig.builder(name).failOpen(failOpen).build());
      String data = "recall:fn:" + name + ":lru:s:data";
      Function<Integer, User> f = c.memoize("user", User.class, id -> {
        calls.incrementAndGet();
        return new User("u" + id, id);
      });
      assertThat(f.apply(1)).isEqualTo(new User("u1", 1));
      String field = (String) ((List<?>) server.command("HKEYS", data)).get(0);
      // Not Recall's envelope (a field written by another tool), then an envelope the JSON codec cannot read.
      for (String foreign : List.of("plain text", "v{not json", "v{\"name\":[1,2]}")) {
        calls.set(0);
        server.command("HSET", data, field, foreign);
        long errors = c.stats().errors();
        long removed = c.stats().corruptRemoved();
        assertThat(f.apply(1)).as(foreign).isEqualTo(new User("u1", 1));
        assertThat(calls).as("recomputed after %s", foreign).hasValue(1);
        assertThat(c.stats().errors()).isEqualTo(errors + 1);
        assertThat(c.stats().corruptRemoved()).as("counted apart too").isEqualTo(removed + 1);
        assertThat(f.apply(1)).isEqualTo(new User("u1", 1));
        assertThat(calls).as("the recomputed value was stored").hasValue(1);
      }
      // A key of the pair holding another type: the pair is removed and rebuilt.
      server.command("DEL", data);
      server.command("SET", data, "a string");
      long errors = c.stats().errors();
      long removed = c.stats().corruptRemoved();
      assertThat(f.apply(2)).isEqualTo(new User("u2", 2));
      assertThat(c.stats().errors()).isEqualTo(errors + 1);
      assertThat(c.stats().corruptRemoved()).isEqualTo(removed + 1);
      assertThat(server.command("TYPE", data)).isEqualTo("hash");
      assertThat(f.apply(2)).isEqualTo(new User("u2", 2));
      assertThat(c.size()).isEqualTo(1);
    }
  }

  @Test
  void redisDown_failOpen_stillRunsTheFunction() {
    RedisServer own = RedisServer.spawn();
    try (RecallClient outage = Recall.connect(RedisConfig.fromUrl(own.url() + "?timeout=500ms"), driver)) {
      FunctionCache c = outage.functionCache("outage");
      Function<Integer, Integer> f = c.memoize("double", Integer.class, n -> n * 2);
      assertThat(f.apply(2)).isEqualTo(4);
      own.stop();
      assertThat(f.apply(3)).isEqualTo(6);
      assertThat(c.stats().errors()).isPositive();
    } finally {
      own.close();
    }
  }

  @Test
  void ttl_expiredEntriesAreMisses_andLeaveTheBookkeeping() throws InterruptedException {
    FunctionCache shortLived = client.functionCache(FunctionCacheConfig.builder("ttl").maxSize(100)
        .ttl(Duration.ofSeconds(5)).ttlJitter(0.1).build());
    Function<Integer, Integer> f = shortLived.memoize("id", Integer.class, n -> {
      calls.incrementAndGet();
      return n;
    });
    for (int i = 0; i < 10; i++) {
      f.apply(i);
    }
    // The TTL (5 s, less at most 10 % jitter) is far longer than these round trips, so nothing has expired yet
    // even on a loaded machine: the repeat is a hit and all ten entries count.
    f.apply(0);
    assertThat(calls).hasValue(10);
    assertThat(shortLived.size()).isEqualTo(10);
    Await.until(Duration.ofSeconds(20), () -> shortLived.size() == 0,
        () -> "the expired entries to leave the count, " + shortLived.size() + " left");
    assertThat(f.apply(0)).isZero();
    assertThat(calls).hasValue(11);
    // The store trimmed the expired entries out of every structure, not only out of the count.
    f.apply(100);
    assertThat(server.command("HLEN", "recall:fn:ttl:lru:s:data")).isEqualTo(2L);
    assertThat(server.command("ZCARD", "recall:fn:ttl:lru:s:order")).isEqualTo(2L);
    assertThat(server.command("ZCARD", "recall:fn:ttl:lru:s:expiry")).isEqualTo(2L);
  }

  @Test
  void config_rejectsBadValues_namingThem() {
    assertThatThrownBy(() -> FunctionCacheConfig.builder("x").maxSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSize").hasMessageContaining("0");
    assertThatThrownBy(() -> FunctionCacheConfig.builder("has space"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has space");
    assertThatThrownBy(() -> FunctionCacheConfig.builder("x").ttlJitter(1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    assertThatThrownBy(() -> FunctionSpec.builder("f", Integer.class).ignoreArguments(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    FunctionCacheConfig config = FunctionCacheConfig.builder("x").maxSize(5).ttl(Duration.ofSeconds(1)).build();
    assertThat(config.toBuilder().build()).isEqualTo(config);
  }
}
