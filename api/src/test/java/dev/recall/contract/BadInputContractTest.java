package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Cache;
import dev.recall.RecallClient;
import dev.recall.RecallCodecException;
import dev.recall.codec.Codec;
import dev.recall.codec.Codecs;
import dev.recall.map.RecallMap;
import dev.recall.queue.RecallQueue;
import dev.recall.queue.ReliableQueue;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.tracking.CallDecorator;
import dev.recall.tracking.CallTracker;
import dev.recall.tracking.TrackingOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sweeps the public API of the cache, map, queue and call tracking with bad input (null, blank names, negative or
 * zero durations, keys over the documented size limit, NaN increments, cyclic arguments): each call throws a typed
 * exception with a message at the call site, and Redis stays empty ({@code DBSIZE} 0) because nothing was written.
 */
@ExtendWith(RedisServerExtension.class)
class BadInputContractTest {
  private static final String HUGE = "k".repeat(64 * 1024 + 1);
  private static final Codec<String> TEXT = Codecs.string();

  /** A field for {@code map(Owner.class, field, ...)}. */
  @SuppressWarnings("unused")
  private static final Object PRICES = null;

  @Test
  void everyPublicEntryPoint_rejectsBadInput_beforeWritingAnything(RedisServer server) {
    List<Case> cases = new ArrayList<>();
    try (RecallClient client = Clients.connect(server)) {
      Cache cache = client.cache("c");
      RecallMap<String, Integer> map = client.map("m", TEXT, Codecs.json(Integer.class));
      RecallQueue<String> queue = client.queue("q", TEXT);
      ReliableQueue<String> reliable = client.reliableQueue("q", "worker", TEXT);
      CallTracker tracker = client.tracking();
      CallDecorator decorator = tracker.trackCalls("f");

      // The client's factories.
      cases.add(new Case("cache(null)", () -> client.cache(null)));
      cases.add(new Case("cache(blank)", () -> client.cache(" ")));
      cases.add(new Case("cache(huge)", () -> client.cache(HUGE).store("v")));
      cases.add(new Case("map(null, ...)", () -> client.map(null, TEXT, TEXT)));
      cases.add(new Case("map(blank, ...)", () -> client.map("", TEXT, TEXT)));
      cases.add(new Case("map(.., null codec)", () -> client.map("m", null, TEXT)));
      cases.add(new Case("map(.., .., null codec)", () -> client.map("m", TEXT, null)));
      cases.add(new Case("map(owner, no such field)", () -> client.map(BadInputContractTest.class, "nope", TEXT, TEXT)));
      cases.add(new Case("map(null owner)", () -> client.map((Class<?>) null, "PRICES", TEXT, TEXT)));
      cases.add(new Case("queue(null)", () -> client.queue(null, TEXT)));
      cases.add(new Case("queue(blank)", () -> client.queue("\t", TEXT)));
      cases.add(new Case("queue(.., null codec)", () -> client.queue("q", null)));
      cases.add(new Case("queue(huge)", () -> client.queue(HUGE, TEXT).put("v")));
      cases.add(new Case("reliableQueue(blank consumer)", () -> client.reliableQueue("q", " ", TEXT)));
      cases.add(new Case("reliableQueue(blank name)", () -> client.reliableQueue("", "c", TEXT)));
      cases.add(new Case("reliableQueue(null codec)", () -> client.reliableQueue("q", "c", null)));
      cases.add(new Case("tracking(null)", () -> client.tracking(null)));

      // The plain cache, sync and async.
      cases.add(new Case("store((String) null)", () -> cache.store((String) null)));
      cases.add(new Case("store((byte[]) null)", () -> cache.store((byte[]) null)));
      cases.add(new Case("store((Number) null)", () -> cache.store((Number) null)));
      cases.add(new Case("store(v, null ttl)", () -> cache.store("v", null)));
      cases.add(new Case("store(v, zero ttl)", () -> cache.store("v", Duration.ZERO)));
      cases.add(new Case("store(v, negative ttl)", () -> cache.store("v", Duration.ofSeconds(-5))));
      cases.add(new Case("store(v, sub-millisecond ttl)", () -> cache.store(new byte[] {1}, Duration.ofNanos(10))));
      cases.add(new Case("store(NaN)", () -> cache.store(Double.NaN)));
      cases.add(new Case("async store(v, negative ttl)", () -> cache.async().store("v", Duration.ofMillis(-1))));
      cases.add(new Case("async store(null)", () -> cache.async().store((String) null)));
      cases.add(new Case("get(null)", () -> cache.get(null)));
      cases.add(new Case("get(empty)", () -> cache.get("")));
      cases.add(new Case("get(huge)", () -> cache.get(HUGE)));
      cases.add(new Case("get(key, null converter)", () -> cache.get("k", null)));
      cases.add(new Case("getInt(null)", () -> cache.getInt(null)));
      cases.add(new Case("delete(empty)", () -> cache.delete("")));
      cases.add(new Case("async get(null)", () -> cache.async().get(null)));

      // The map.
      cases.add(new Case("map.set(null, v)", () -> map.set(null, 1)));
      cases.add(new Case("map.set(k, null)", () -> map.set("k", null)));
      cases.add(new Case("map.set(huge, v)", () -> map.set(HUGE, 1)));
      cases.add(new Case("map.get(null)", () -> map.get(null)));
      cases.add(new Case("map.get(k, null default)", () -> map.get("k", null)));
      cases.add(new Case("map.contains(null)", () -> map.contains(null)));
      cases.add(new Case("map.pop(null)", () -> map.pop(null)));
      cases.add(new Case("map.delete(null)", () -> map.delete(null)));
      cases.add(new Case("map.update(null)", () -> map.update(null)));
      Map<String, Integer> withNullValue = new LinkedHashMap<>();
      withNullValue.put("first", 1);
      withNullValue.put("second", null);
      cases.add(new Case("map.update(one null value)", () -> map.update(withNullValue)));
      Map<String, Integer> withNullKey = new HashMap<>();
      withNullKey.put("first", 1);
      withNullKey.put(null, 2);
      cases.add(new Case("map.update(one null key)", () -> map.update(withNullKey)));
      cases.add(new Case("map.increment(null, 1)", () -> map.increment(null, 1)));
      cases.add(new Case("map.increment(k, NaN)", () -> map.increment("k", Double.NaN)));
      cases.add(new Case("map.increment(k, infinity)", () -> map.increment("k", Double.POSITIVE_INFINITY)));
      cases.add(new Case("map.async().set(null, v)", () -> map.async().set(null, 1)));

      // The queues.
      cases.add(new Case("queue.put(null)", () -> queue.put(null)));
      cases.add(new Case("queue.get(null timeout)", () -> queue.get(null)));
      cases.add(new Case("queue.get(negative timeout)", () -> queue.get(Duration.ofSeconds(-1))));
      cases.add(new Case("queue.async().put(null)", () -> queue.async().put(null)));
      cases.add(new Case("reliable.put(null)", () -> reliable.put(null)));
      cases.add(new Case("reliable.get(negative timeout)", () -> reliable.get(Duration.ofMillis(-1))));
      cases.add(new Case("reliable.confirm(null)", () -> reliable.confirm(null)));
      cases.add(new Case("reliable.requeueUnconfirmed(blank)", () -> reliable.requeueUnconfirmed(" ")));

      // Call tracking.
      cases.add(new Case("countCalls(null)", () -> tracker.countCalls((String) null)));
      cases.add(new Case("callHistory(blank)", () -> tracker.callHistory(" ")));
      cases.add(new Case("trackCalls(empty)", () -> tracker.trackCalls("")));
      cases.add(new Case("trackCalls(huge)", () -> tracker.trackCalls(HUGE).runnable(() -> { }).run()));
      cases.add(new Case("count(blank)", () -> tracker.count(" ")));
      cases.add(new Case("replay(null)", () -> tracker.replay(null)));
      cases.add(new Case("clear(empty)", () -> tracker.clear("")));
      cases.add(new Case("countAsync(blank)", () -> tracker.countAsync(" ")));
      cases.add(new Case("function(null)", () -> decorator.function(null)));
      cases.add(new Case("biFunction(null)", () -> decorator.biFunction(null)));
      cases.add(new Case("supplier(null)", () -> decorator.supplier(null)));
      cases.add(new Case("runnable(null)", () -> decorator.runnable(null)));
      cases.add(new Case("throwing(null)", () -> decorator.throwing(null)));
      cases.add(new Case("countCalls(null type, target)", () -> tracker.countCalls(null, "x")));
      cases.add(new Case("countCalls(type, null target)", () -> tracker.countCalls(Runnable.class, null)));
      cases.add(new Case("countCalls(a class, not an interface)", () -> tracker.countCalls(String.class, "x")));
      List<Object> cyclic = new ArrayList<>();
      cyclic.add(cyclic);
      Function<List<Object>, Integer> size = tracker.callHistory("cyclic").function(List::size);
      cases.add(new Case("tracked call with a cyclic argument", () -> size.apply(cyclic)));
      cases.add(new Case("TrackingOptions maxHistory(-1)", () -> TrackingOptions.builder().maxHistory(-1)));
      cases.add(new Case("TrackingOptions prefix(null)", () -> TrackingOptions.builder().prefix(null)));

      SoftAssertions softly = new SoftAssertions();
      for (Case c : cases) {
        Throwable thrown = catchAny(c.call());
        softly.assertThat(thrown).as(c.name() + " throws at the call site").isNotNull();
        if (thrown != null) {
          softly.assertThat(thrown).as(c.name() + " throws a typed exception")
              .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class, RecallCodecException.class);
          softly.assertThat(thrown.getMessage()).as(c.name() + " says what is wrong").isNotBlank();
        }
      }
      softly.assertAll();
    }
    assertThat(server.dbSize()).as("nothing was written").isZero();
  }

  private static Throwable catchAny(ThrowingCallable call) {
    try {
      call.call();
      return null;
    } catch (Throwable e) {
      return e;
    }
  }

  private record Case(String name, ThrowingCallable call) {}
}
