package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.RecallClient;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.testkit.RedisTarget;
import dev.recall.tracking.CallDecorator;
import dev.recall.tracking.CallTracker;
import dev.recall.tracking.Replay;
import dev.recall.tracking.ThrowingFunction;
import dev.recall.tracking.TrackingOptions;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stacked tracking: a count and a history of one name on one function, of any functional type or a proxy, merge
 * into one script call per call; decorators of another name or tracker stay apart; proxies answer the
 * {@code Object} methods themselves and pass default methods to the target.
 */
@ExtendWith(RedisServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackingStackingContractTest {
  private RecallClient client;
  private CallTracker tracker;
  private RedisTarget server;

  /** An interface with a default method the target overrides. */
  interface Shelf {
    String put(String item);

    default String label() {
      return "default label";
    }
  }

  /** A target whose every call is seen in its result. */
  record CountingShelf(String name) implements Shelf {
    @Override
    public String put(String item) {
      return name + ":" + item;
    }

    @Override
    public String label() {
      return "label of " + name;
    }
  }

  @BeforeAll
  void connect(RedisTarget server) {
    this.server = server;
    client = Clients.connect(server);
    tracker = client.tracking();
    // The first script call of a fresh server may be refused (NOSCRIPT) and retried, which would skew the counts.
    tracker.trackCalls("warm-up").function(x -> x).apply(1);
  }

  @AfterAll
  void close() {
    client.close();
  }

  @Test
  void everyFunctionalType_countAndHistoryOfOneName_stackedInEitherOrder_isOneScriptCallPerCall() throws Exception {
    List<String> names = List.of("fn", "bi", "supplier", "runnable", "throwing");
    for (String name : names) {
      tracker.clear(name);
    }
    Function<Integer, Integer> fn = stack("fn", true, (d, f) -> d.function(f), x -> x + 1);
    BiFunction<Integer, Integer, Integer> bi = stack("bi", false, (d, f) -> d.biFunction(f), Integer::sum);
    Supplier<String> supplier = stack("supplier", true, (d, f) -> d.supplier(f), () -> "s");
    Runnable runnable = stack("runnable", false, (d, f) -> d.runnable(f), () -> { });
    ThrowingFunction<String, Integer> throwing = stack("throwing", true, (d, f) -> d.throwing(f), String::length);
    server.commandOnEveryNode("CONFIG", "RESETSTAT");

    assertThat(fn.apply(1)).isEqualTo(2);
    assertThat(bi.apply(1, 2)).isEqualTo(3);
    assertThat(supplier.get()).isEqualTo("s");
    runnable.run();
    assertThat(throwing.apply("abc")).isEqualTo(3);

    String stats = String.valueOf(server.commandOnEveryNode("INFO", "commandstats"));
    assertThat(calls(stats, "evalsha")).as("one script call per call").isEqualTo(names.size());
    assertThat(stats).as("no separate count").doesNotContain("cmdstat_incrby");
    for (String name : names) {
      Replay replay = tracker.replay(name);
      assertThat(replay.count()).as(name).isEqualTo(1);
      assertThat(replay.calls()).as(name).hasSize(1);
    }
  }

  /** A wrapper of one functional type made by a decorator. */
  @FunctionalInterface
  private interface Wrap<F> {
    F apply(CallDecorator decorator, F function);
  }

  /** Stacks a count and a history of one name on {@code function}, the count outside or inside. */
  private <F> F stack(String name, boolean countOutside, Wrap<F> wrap, F function) {
    CallDecorator outer = countOutside ? tracker.countCalls(name) : tracker.callHistory(name);
    CallDecorator inner = countOutside ? tracker.callHistory(name) : tracker.countCalls(name);
    return wrap.apply(outer, wrap.apply(inner, function));
  }

  @Test
  void decoratorsOfAnotherName_orAnotherTracker_stayApart_andEachCounts() {
    CallTracker other = client.tracking(TrackingOptions.builder().prefix("other:").build());
    for (String name : List.of("outer", "inner", "shared")) {
      tracker.clear(name);
      other.clear(name);
    }
    Function<Integer, Integer> byName =
        tracker.countCalls("outer").function(tracker.countCalls("inner").function(x -> x));
    Function<Integer, Integer> byTracker =
        other.countCalls("shared").function(tracker.countCalls("shared").function(x -> x));

    assertThat(byName.apply(7)).isEqualTo(7);
    assertThat(byTracker.apply(8)).isEqualTo(8);

    assertThat(tracker.count("outer")).isEqualTo(1);
    assertThat(tracker.count("inner")).isEqualTo(1);
    assertThat(tracker.count("shared")).isEqualTo(1);
    assertThat(other.count("shared")).isEqualTo(1);
  }

  @Test
  void proxiesOfOneInterface_stacked_isOneScriptCallPerCall() {
    tracker.clear("Shelf.put");
    Shelf shelf = tracker.callHistory(Shelf.class, tracker.countCalls(Shelf.class, new CountingShelf("a")));
    server.commandOnEveryNode("CONFIG", "RESETSTAT");

    assertThat(shelf.put("x")).isEqualTo("a:x");

    String stats = String.valueOf(server.commandOnEveryNode("INFO", "commandstats"));
    assertThat(calls(stats, "evalsha")).isEqualTo(1);
    assertThat(stats).doesNotContain("cmdstat_incrby");
    assertThat(tracker.replay("Shelf.put").render())
        .isEqualTo("Shelf.put was called 1 times:\nShelf.put(*('x',)) -> a:x\n");
  }

  @Test
  void proxy_answersObjectMethodsItself_andRunsDefaultMethodsAsTheTargetDoes() {
    tracker.clear("Shelf.label");
    CountingShelf target = new CountingShelf("b");
    Shelf shelf = tracker.countCalls(Shelf.class, target);
    Shelf twin = tracker.countCalls(Shelf.class, target);

    assertThat(shelf.equals(shelf)).isTrue();
    assertThat(shelf.equals(twin)).as("identity, not the target's equality").isFalse();
    assertThat(shelf.equals(target)).isFalse();
    assertThat(shelf.hashCode()).isEqualTo(System.identityHashCode(shelf));
    assertThat(shelf.toString()).isEqualTo("TrackedShelf[" + target + "]");
    assertThat(shelf.label()).isEqualTo("label of b");
    assertThat(tracker.count("Shelf.label")).as("a default method is tracked like any other").isEqualTo(1);
  }

  private static long calls(String stats, String command) {
    long total = 0;
    Matcher matcher = Pattern.compile("cmdstat_" + command + ":calls=(\\d+),").matcher(stats);
    while (matcher.find()) {
      total += Long.parseLong(matcher.group(1));
    }
    return total;
  }
}
