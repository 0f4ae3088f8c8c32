package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallClient;
import dev.recall.RecallCodecException;
import dev.recall.ValueConversionException;
import dev.recall.codec.Codecs;
import dev.recall.map.AsyncRecallMap;
import dev.recall.map.RecallMap;
import dev.recall.testkit.RedisServerExtension;
import dev.recall.testkit.RedisTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The namespaced map: every operation, codecs, a 100,000-entry scan, atomic pop, numbers, namespaces, async. */
@ExtendWith(RedisServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MapContractTest {
  private RecallClient client;
  private RedisTarget server;

  /** A JSON-mapped value. */
  record Person(String name, int born) {}

  /** An owner whose field names a map's namespace. */
  static final class Channel {
    static RecallMap<String, String> topics;
  }

  @BeforeAll
  void connect(RedisTarget server) {
    this.server = server;
    client = Clients.connect(server);
  }

  @AfterAll
  void close() {
    client.close();
  }

  private RecallMap<String, Integer> ints(String namespace) {
    return client.map(namespace, Codecs.string(), Codecs.json(Integer.class));
  }

  @Test
  void setGetContainsDeleteLength_behaveLikeADictionary() {
    RecallMap<String, Integer> map = ints("python");
    map.set("Guido", 1956);
    map.set("Guido", 1957);
    map.set("Barry", 1965);
    assertThat(map.get("Guido")).contains(1957);
    assertThat(map.get("Kyle")).isEmpty();
    assertThat(map.get("Kyle", 0)).isZero();
    assertThat(map.contains("Barry")).isTrue();
    assertThat(map.contains("Kyle")).isFalse();
    assertThat(map.length()).isEqualTo(2);
    assertThat(map.delete("Barry")).isTrue();
    assertThat(map.delete("Barry")).isFalse();
    assertThat(map.toMap()).isEqualTo(Map.of("Guido", 1957));
    assertThat(server.command("HGET", "python", "Guido")).isEqualTo("1957");
    map.clear();
    assertThat(map.length()).isZero();
    assertThat(server.command("EXISTS", "python")).isEqualTo(0L);
  }

  @Test
  void codecs_carryNumbersBooleansAndRecords() {
    RecallMap<Long, Person> people = client.map("people", Codecs.json(Long.class), Codecs.json(Person.class));
    people.set(7L, new Person("Ada", 1815));
    assertThat(people.get(7L)).contains(new Person("Ada", 1815));
    RecallMap<String, Boolean> flags = client.map("flags", Codecs.string(), Codecs.json(Boolean.class));
    flags.update(Map.of("on", true, "off", false));
    assertThat(flags.toMap()).isEqualTo(Map.of("on", true, "off", false));
    server.command("HSET", "people", "8", "not json");
    assertThatThrownBy(() -> people.get(8L)).isInstanceOf(RecallCodecException.class).hasMessageContaining("Person");
    assertThatThrownBy(() -> flags.set("x", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void items_iterateA100000EntryMap_withHscan() throws Exception {
    RecallMap<String, Integer> big = ints("big");
    Map<String, Integer> chunk = new HashMap<>();
    for (int i = 0; i < 100_000; i++) {
      chunk.put("k" + i, i);
      if (chunk.size() == 10_000) {
        big.update(chunk);
        chunk.clear();
      }
    }
    assertThat(big.length()).isEqualTo(100_000);
    server.commandOnEveryNode("CONFIG", "RESETSTAT");
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicLong sum = new AtomicLong();
    big.items().forEach(entry -> {
      seen.add(entry.getKey());
      sum.addAndGet(entry.getValue());
    });
    assertThat(seen).hasSize(100_000);
    assertThat(sum.get()).isEqualTo(99_999L * 100_000 / 2);
    String stats = String.valueOf(server.commandOnEveryNode("INFO", "commandstats"));
    assertThat(stats).contains("cmdstat_hscan").doesNotContain("cmdstat_hgetall");
    assertThat(big.items().limit(5).count()).isEqualTo(5);

    Map<String, Integer> copy = big.toMap();
    assertThat(copy).hasSize(100_000).containsEntry("k99999", 99_999);
    AtomicLong asyncCount = new AtomicLong();
    big.async().forEach((k, v) -> asyncCount.incrementAndGet()).get(30, TimeUnit.SECONDS);
    assertThat(asyncCount.get()).isGreaterThanOrEqualTo(100_000);
    assertThat(big.async().toMap().get(30, TimeUnit.SECONDS)).hasSize(100_000);
  }

  @Test
  void update_writesManyEntriesInOneCommand() {
    RecallMap<String, Integer> map = ints("bulk");
    server.commandOnEveryNode("CONFIG", "RESETSTAT");
    map.update(Map.of("a", 1, "b", 2, "c", 3));
    map.update(Map.of());
    assertThat(String.valueOf(server.commandOnEveryNode("INFO", "commandstats"))).contains("cmdstat_hset:calls=1,");
    assertThat(map.length()).isEqualTo(3);
  }

  @Test
  void pop_isAtomic_eachEntryTakenOnce_from8Threads() throws Exception {
    RecallMap<String, Integer> map = ints("pops");
    Map<String, Integer> all = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      all.put("k" + i, i);
    }
    map.update(all);
    Map<String, Integer> popped = new ConcurrentHashMap<>();
    AtomicLong misses = new AtomicLong();
    TrackingContractTest.runConcurrently(8, 400, (thread, i) -> {
      Optional<Integer> value = map.pop("k" + i);
      if (value.isPresent()) {
        assertThat(popped.put("k" + i, value.get())).as("popped twice").isNull();
      } else {
        misses.incrementAndGet();
      }
    });
    assertThat(popped).isEqualTo(all);
    assertThat(misses.get()).isEqualTo(7L * 400);
    assertThat(map.length()).isZero();
    assertThat(map.pop("k1", -1)).isEqualTo(-1);
  }

  @Test
  void increment_integersAndDecimals_andRefusesNonNumbers() {
    RecallMap<String, Object> map = client.map("counts", Codecs.string(), Codecs.json(Object.class));
    assertThat(map.increment("Brett", 1)).isEqualTo(1);
    assertThat(map.increment("Brett", 10)).isEqualTo(11);
    assertThat(map.get("Brett")).contains(11);
    assertThat(map.increment("pi", 3.25)).isEqualTo(3.25);
    assertThat(map.increment("pi", -0.25)).isEqualTo(3.0);
    map.set("name", "Barry");
    assertThatThrownBy(() -> map.increment("name", 1))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining("counts[name]")
        .hasMessageContaining("integer")
        .hasMessageContaining("Barry");
    assertThatThrownBy(() -> map.increment("name", 0.5))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining("number");
    assertThat(map.get("name")).as("unchanged").contains("Barry");
    assertThatThrownBy(() -> map.increment("pi", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namespace_derivedFromOwnerAndField_andSharedByMapsOfThatName() {
    Channel.topics = client.map(Channel.class, "topics", Codecs.string(), Codecs.string());
    assertThat(Channel.topics.namespace()).isEqualTo("Channel.topics");
    Channel.topics.set("general", "anything goes");
    RecallMap<String, String> same = client.map("Channel.topics", Codecs.string(), Codecs.string());
    assertThat(same.get("general")).contains("anything goes");
    assertThat(server.command("HGET", "Channel.topics", "general")).isEqualTo("anything goes");
    assertThatThrownBy(() -> client.map(Channel.class, "nope", Codecs.string(), Codecs.string()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> client.map(" ", Codecs.string(), Codecs.string()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void async_formsMatchTheBlockingOnes() throws Exception {
    AsyncRecallMap<String, Integer> map = ints("async").async();
    map.set("a", 1).get(5, TimeUnit.SECONDS);
    map.update(Map.of("b", 2, "c", 3)).get(5, TimeUnit.SECONDS);
    assertThat(map.get("a").get(5, TimeUnit.SECONDS)).contains(1);
    assertThat(map.get("z", 9).get(5, TimeUnit.SECONDS)).isEqualTo(9);
    assertThat(map.contains("b").get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(map.length().get(5, TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(map.pop("c").get(5, TimeUnit.SECONDS)).contains(3);
    assertThat(map.pop("c", -1).get(5, TimeUnit.SECONDS)).isEqualTo(-1);
    assertThat(map.increment("a", 4).get(5, TimeUnit.SECONDS)).isEqualTo(5);
    assertThat(map.increment("a", 0.5).get(5, TimeUnit.SECONDS)).isEqualTo(5.5);
    assertThat(map.delete("b").get(5, TimeUnit.SECONDS)).isTrue();
    server.command("HSET", "async", "text", "\"x\"");
    assertThat(map.increment("text", 1)).failsWithin(5, TimeUnit.SECONDS)
        .withThrowableThat().havingCause().isInstanceOf(ValueConversionException.class);
    map.clear().get(5, TimeUnit.SECONDS);
    assertThat(map.toMap().get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(List.of(server.command("EXISTS", "async"))).containsExactly(0L);
  }

  @Test
  void keysAreEncodedByTheKeyCodec() {
    RecallMap<Integer, String> byId = client.map("byId", Codecs.json(Integer.class), Codecs.string());
    byId.update(Map.of(1, "one", 2, "two"));
    assertThat(byId.items().map(Map.Entry::getKey).collect(Collectors.toSet())).containsExactlyInAnyOrder(1, 2);
  }
}
