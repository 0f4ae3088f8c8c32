package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.recall.RecallClient;
import dev.recall.RecallCodecException;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.testkit.RedisTarget;
import dev.recall.tracking.CallTracker;
import dev.recall.tracking.RecordedCall;
import dev.recall.tracking.Replay;
import dev.recall.tracking.ThrowingFunction;
import dev.recall.tracking.Tracked;
import dev.recall.tracking.TrackingOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Call tracking: counts, history, exceptions, replay text, bounds, proxies, stacking and async reads. Composition
 * with a memoized function needs the policies module, so {@code TrackingMemoizationTest} there covers it.
 */
@ExtendWith(RedisServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackingContractTest {
  private RecallClient client;
  private CallTracker tracker;
  private RedisTarget server;

  /** A store in the seed's shape, for the proxy tests. */
  interface Store {
    String store(String value);

    int size();
  }

  /** A store whose only tracked method is marked. */
  interface MarkedStore {
    @Tracked("Store.put")
    String put(String value);

    int size();
  }

  @BeforeAll
  void connect(RedisTarget server) {
    this.server = server;
    client = Clients.connect(server);
    tracker = client.tracking();
  }

  @AfterAll
  void close() {
    client.close();
  }

  @Test
  void countCalls_from8Threads_isExact() throws Exception {
    Function<Integer, Integer> square = tracker.countCalls("square").function(x -> x * x);
    runConcurrently(8, 250, (thread, i) -> assertThat(square.apply(i)).isEqualTo(i * i));
    assertThat(tracker.count("square")).isEqualTo(2000);
    assertThat(server.command("GET", key("square"))).isEqualTo("2000");
  }

  @Test
  void trackCalls_from8Threads_keepsInputsAndOutputsAligned() throws Exception {
    BiFunction<Integer, Integer, String> label = tracker.trackCalls("label")
        .biFunction((thread, i) -> thread + "-" + i);
    runConcurrently(8, 100, (thread, i) -> label.apply(thread, i));
    Replay replay = tracker.replay("label");
    assertThat(replay.count()).isEqualTo(800);
    assertThat(replay.calls()).hasSize(800);
    for (RecordedCall call : replay.calls()) {
      String[] args = call.inputs().replaceAll("[\\[\\]]", "").split(",");
      assertThat(call.output()).isEqualTo("\"" + args[0] + "-" + args[1] + "\"");
    }
    assertThat(replay.calls()).extracting(RecordedCall::inputs).doesNotHaveDuplicates();
  }

  @Test
  void throwingCall_isCountedAndRecorded_andReachesTheCallerUnchanged() {
    IllegalStateException boom = new IllegalStateException("boom");
    Function<String, Integer> parse = tracker.trackCalls("parse").function(text -> {
      if (text.equals("bad")) {
        throw boom;
      }
      return Integer.parseInt(text);
    });
    assertThat(parse.apply("1")).isEqualTo(1);
    assertThatThrownBy(() -> parse.apply("bad")).isSameAs(boom);
    assertThat(parse.apply("2")).isEqualTo(2);

    Replay replay = tracker.replay("parse");
    assertThat(replay.count()).isEqualTo(3);
    assertThat(replay.calls()).extracting(RecordedCall::inputs).containsExactly("[\"1\"]", "[\"bad\"]", "[\"2\"]");
    assertThat(replay.calls()).extracting(RecordedCall::output)
        .containsExactly("1", "!java.lang.IllegalStateException: boom", "2");
    assertThat(replay.calls().get(1).threw()).isTrue();
    assertThat(replay.render()).contains("parse(*('bad',)) -> raised java.lang.IllegalStateException: boom\n");
  }

  @Test
  void throwingVariant_recordsACheckedException_andRethrowsIt() {
    ThrowingFunction<String, String> read = tracker.trackCalls("read").throwing(path -> {
      throw new IOException("no such file: " + path);
    });
    assertThatThrownBy(() -> read.apply("/nope")).isInstanceOf(IOException.class).hasMessage("no such file: /nope");
    assertThat(tracker.replay("read").calls()).singleElement()
        .isEqualTo(new RecordedCall("[\"/nope\"]", "!java.io.IOException: no such file: /nope"));
  }

  @Test
  void replay_rendersTheSeedLayout_exactly() {
    Map<String, String> ids = Map.of("foo", "13bf32a9-0b0e-4f5c-9d1a-6c1d4e2b7f10", "bar", "42");
    Function<String, String> store = tracker.trackCalls("Cache.store").function(ids::get);
    store.apply("foo");
    store.apply("bar");
    BiFunction<Integer, Boolean, List<Integer>> pair = tracker.trackCalls("pair").biFunction((n, flag) -> List.of(n));
    pair.apply(7, true);

    assertThat(tracker.replay("Cache.store").render()).isEqualTo("""
        Cache.store was called 2 times:
        Cache.store(*('foo',)) -> 13bf32a9-0b0e-4f5c-9d1a-6c1d4e2b7f10
        Cache.store(*('bar',)) -> 42
        """);
    assertThat(tracker.replay("pair").render()).isEqualTo("""
        pair was called 1 times:
        pair(*(7, True)) -> [7]
        """);
    // The seed's key layout, readable by other tools (the name hash-tagged on a cluster).
    assertThat(server.command("GET", key("Cache.store"))).isEqualTo("2");
    assertThat(server.command("LRANGE", key("Cache.store") + ":inputs", "0", "-1")).isEqualTo(List.of("[\"foo\"]", "[\"bar\"]"));
    assertThat(server.command("LRANGE", key("Cache.store") + ":outputs", "0", "-1"))
        .isEqualTo(List.of("\"13bf32a9-0b0e-4f5c-9d1a-6c1d4e2b7f10\"", "\"42\""));
  }

  @Test
  void replay_ofANameNeverCalled_saysZeroTimes() {
    Replay replay = tracker.replay("never.called");
    assertThat(replay.count()).isZero();
    assertThat(replay.calls()).isEmpty();
    assertThat(replay.render()).isEqualTo("never.called was called 0 times:\n");
  }

  @Test
  void runnableAndSupplier_areRecordedWithNoArguments() {
    AtomicInteger runs = new AtomicInteger();
    Runnable tick = tracker.trackCalls("tick").runnable(runs::incrementAndGet);
    Supplier<String> hello = tracker.callHistory("hello").supplier(() -> "it's");
    tick.run();
    tick.run();
    hello.get();
    assertThat(runs).hasValue(2);
    assertThat(tracker.replay("tick").render()).isEqualTo("tick was called 2 times:\ntick(*()) -> None\ntick(*()) -> None\n");
    assertThat(tracker.replay("hello").render()).isEqualTo("hello was called 0 times:\nhello(*()) -> it's\n");
    assertThat(tracker.count("hello")).as("callHistory alone does not count").isZero();
  }

  @Test
  void countAndHistory_stacked_inEitherOrder_mergeIntoOneRoundTrip() {
    Function<Integer, Integer> twice = x -> 2 * x;
    Function<Integer, Integer> a = tracker.countCalls("a").function(tracker.callHistory("a").function(twice));
    Function<Integer, Integer> b = tracker.callHistory("b").function(tracker.countCalls("b").function(twice));
    server.commandOnEveryNode("CONFIG", "RESETSTAT");
    assertThat(a.apply(1)).isEqualTo(2);
    assertThat(b.apply(2)).isEqualTo(4);
    String stats = String.valueOf(server.commandOnEveryNode("INFO", "commandstats"));
    // Commands a script runs show too (incr, rpush), but a separate count would be a top-level INCRBY.
    assertThat(calls(stats, "evalsha")).as("count and history go in one script call per call").isEqualTo(2);
    assertThat(stats).doesNotContain("cmdstat_incrby");
    for (String name : List.of("a", "b")) {
      Replay replay = tracker.replay(name);
      assertThat(replay.count()).isEqualTo(1);
      assertThat(replay.calls()).hasSize(1);
    }
  }

  @Test
  void proxy_tracksEveryMethod_underInterfaceDotMethod() {
    Store target = new Store() {
      private final List<String> values = new ArrayList<>();

      @Override
      public String store(String value) {
        values.add(value);
        return "id-" + values.size();
      }

      @Override
      public int size() {
        return values.size();
      }
    };
    Store tracked = tracker.countCalls(Store.class, tracker.callHistory(Store.class, target));
    assertThat(tracked.store("foo")).isEqualTo("id-1");
    assertThat(tracked.size()).isEqualTo(1);
    assertThat(tracker.replay("Store.store").render())
        .isEqualTo("Store.store was called 1 times:\nStore.store(*('foo',)) -> id-1\n");
    assertThat(tracker.count("Store.size")).isEqualTo(1);
    assertThat(tracked.toString()).contains("Store");
  }

  @Test
  void proxy_withAnnotatedMethods_tracksOnlyThose() {
    MarkedStore target = new MarkedStore() {
      @Override
      public String put(String value) {
        throw new UnsupportedOperationException("read-only");
      }

      @Override
      public int size() {
        return 0;
      }
    };
    MarkedStore tracked = tracker.trackCalls(MarkedStore.class, target);
    assertThatThrownBy(() -> tracked.put("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(tracked.size()).isZero();
    assertThat(tracker.replay("Store.put").render())
        .isEqualTo("Store.put was called 1 times:\nStore.put(*('x',)) -> raised java.lang.UnsupportedOperationException: read-only\n");
    assertThat(tracker.count("MarkedStore.size")).isZero();
  }

  @Test
  void maxHistory_trimsInputsAndOutputsTogether_underThePrefix() {
    CallTracker bounded = client.tracking(TrackingOptions.builder().prefix("calls:").maxHistory(3).build());
    Function<Integer, Integer> neg = bounded.trackCalls("neg").function(x -> -x);
    for (int i = 1; i <= 5; i++) {
      neg.apply(i);
    }
    Replay replay = bounded.replay("neg");
    assertThat(replay.count()).isEqualTo(5);
    assertThat(replay.calls()).extracting(RecordedCall::inputs).containsExactly("[3]", "[4]", "[5]");
    assertThat(replay.calls()).extracting(RecordedCall::output).containsExactly("-3", "-4", "-5");
    assertThat(server.command("LLEN", "calls:" + key("neg") + ":outputs")).isEqualTo(3L);
    assertThat(server.command("EXISTS", key("neg"))).isEqualTo(0L);
  }

  /** A result whose JSON shows which mapper wrote it. */
  record Point(int x, int y) { }

  @Test
  void options_areTheOnesTheTrackerWasMadeWith_andTheOnesItStoresWith() {
    assertThat(tracker.options()).isEqualTo(TrackingOptions.defaults());
    ObjectMapper upper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE);
    TrackingOptions custom = TrackingOptions.builder().prefix("opts:").maxHistory(2).mapper(upper).build();
    CallTracker withOptions = client.tracking(custom);
    assertThat(withOptions.options()).isEqualTo(custom);
    assertThat(withOptions.options().mapper()).isSameAs(upper);
    assertThat(tracker.options()).as("the other tracker keeps its own").isEqualTo(TrackingOptions.defaults());

    Function<Integer, Point> point = withOptions.trackCalls("point").function(x -> new Point(x, -x));
    for (int i = 1; i <= 3; i++) {
      point.apply(i);
    }
    assertThat(server.command("LRANGE", "opts:" + key("point") + ":outputs", "0", "-1"))
        .as("under the prefix, the last maxHistory calls, written by the mapper")
        .isEqualTo(List.of("{\"X\":2,\"Y\":-2}", "{\"X\":3,\"Y\":-3}"));
  }

  @Test
  void clear_removesCountAndHistory() {
    Supplier<Integer> one = tracker.trackCalls("one").supplier(() -> 1);
    one.get();
    tracker.clear("one");
    assertThat(tracker.replay("one").render()).isEqualTo("one was called 0 times:\n");
    assertThat(server.command("EXISTS", key("one"), key("one") + ":inputs", key("one") + ":outputs")).isEqualTo(0L);
  }

  @Test
  void unencodableArgument_failsBeforeTheCall_andRecordsNothing() {
    AtomicInteger calls = new AtomicInteger();
    Function<Object, String> describe = tracker.trackCalls("describe").function(o -> {
      calls.incrementAndGet();
      return "x";
    });
    assertThatThrownBy(() -> describe.apply(new Object()))
        .isInstanceOf(RecallCodecException.class)
        .hasMessageContaining("describe");
    assertThat(calls).hasValue(0);
    assertThat(tracker.replay("describe").count()).isZero();
  }

  @Test
  void badOptionsAndNames_areRefusedAtOnce() {
    assertThatThrownBy(() -> TrackingOptions.builder().maxHistory(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> TrackingOptions.builder().prefix("a b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tracker.countCalls(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tracker.countCalls(String.class, "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interface");
  }

  @Test
  void asyncReads_matchTheBlockingOnes() throws Exception {
    Function<String, Integer> length = tracker.trackCalls("length").function(String::length);
    length.apply("abc");
    assertThat(tracker.countAsync("length").get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(tracker.replayAsync("length").get(5, TimeUnit.SECONDS).render())
        .isEqualTo("length was called 1 times:\nlength(*('abc',)) -> 3\n");
    tracker.clearAsync("length").get(5, TimeUnit.SECONDS);
    assertThat(tracker.countAsync("length").get(5, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void redisOutage_neverChangesWhatTheTrackedFunctionReturnsOrThrows() {
    try (RedisServer own = RedisServer.spawn();
        RecallClient outage = Clients.connect(
            dev.recall.RedisConfig.fromUrl(own.url() + "?timeout=300ms&connectTimeout=300ms"))) {
      CallTracker down = outage.tracking();
      Function<Integer, Integer> inc = down.trackCalls("inc").function(x -> x + 1);
      IllegalArgumentException bad = new IllegalArgumentException("negative");
      Function<Integer, Integer> check = down.trackCalls("check").function(x -> {
        throw bad;
      });
      assertThat(inc.apply(1)).isEqualTo(2);
      own.stop();
      assertThat(inc.apply(2)).isEqualTo(3);
      assertThatThrownBy(() -> check.apply(-1)).isSameAs(bad);
      assertThat(bad.getSuppressed()).singleElement().isInstanceOf(dev.recall.RecallConnectionException.class);
    }
  }

  /** The name as it appears in key names: hash-tagged on a cluster, so the counter and lists share a slot. */
  private String key(String name) {
    return server.isCluster() ? "{" + name + "}" : name;
  }

  /** Sums a command's calls over the INFO commandstats of every node. */
  private static long calls(String stats, String command) {
    long total = 0;
    java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("cmdstat_" + command + ":calls=(\\d+),")
        .matcher(stats);
    while (matcher.find()) {
      total += Long.parseLong(matcher.group(1));
    }
    return total;
  }

  /** Runs {@code body(thread, i)} for i in [0, perThread) on each of {@code threads} threads, started together. */
  static void runConcurrently(int threads, int perThread, ThreadBody body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            body.run(thread, i);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** One step of a concurrent run. */
  @FunctionalInterface
  interface ThreadBody {
    void run(int thread, int i) throws Exception;
  }
}
