package dev.recall.internal.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.function.NearCacheConfig;
import dev.recall.function.spi.PolicyScripts;
import dev.recall.spi.Command;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.Script;
import dev.recall.spi.Subscriber;
import dev.recall.spi.SubscriptionListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The near tier's own rules, without Redis: when a copy is served (live subscription, unchanged ticket), how long it
 * lives (the entry's freshness, the max age), what a write keeps, and how near hits are replayed to Redis.
 */
class NearTierUnitTest {
  private static final String KEY = "f0";
  private static final long SECOND = 1_000_000_000L;

  private final MapLocalStore store = new MapLocalStore();
  private final RecordingExecutor executor = new RecordingExecutor();
  private final List<NearTier> tiers = new ArrayList<>();

  @AfterEach
  void close() {
    tiers.forEach(NearTier::close);
  }

  private NearTier tier(NearCacheConfig config, boolean replays) {
    NearTier tier = new NearTier(store, config, replays, executor, new Scripts(), keys());
    tiers.add(tier);
    return tier;
  }

  private NearTier tier() {
    return tier(NearCacheConfig.of(100), false);
  }

  @Test
  void nothingIsServedOrInstalled_untilTheSubscriptionIsConfirmed() {
    NearTier tier = tier();
    tier.install(KEY, tier.ticket(KEY), "v", System.nanoTime(), -1);
    assertThat(store.map).isEmpty();
    tier.subscribed();
    store.map.put(KEY, new NearCopy("v", tier.ticket(KEY)));
    assertThat(tier.lookup(KEY)).isNotNull();
    tier.lost();
    assertThat(tier.lookup(KEY)).isNull();
    assertThat(store.map).as("a loss drops every copy").isEmpty();
  }

  @Test
  void install_keepsTheValueUnderItsTicket_andACachedNullToo() {
    NearTier tier = tier();
    tier.subscribed();
    tier.install(KEY, tier.ticket(KEY), null, System.nanoTime(), -1);
    NearCopy copy = tier.lookup(KEY);
    assertThat(copy).isNotNull();
    assertThat(copy.value()).isNull();
    assertThat(copy.ticket()).isEqualTo(tier.ticket(KEY));
  }

  @Test
  void install_withAStaleTicket_keepsNothing() {
    NearTier tier = tier();
    tier.subscribed();
    long ticket = tier.ticket(KEY);
    tier.invalidate(KEY);
    tier.install(KEY, ticket, "old", System.nanoTime(), -1);
    assertThat(store.map).isEmpty();
  }

  @Test
  void ticket_movesWithItsFieldsInvalidations_clearsAndResubscriptions_only() {
    NearTier tier = tier();
    tier.subscribed();
    long first = tier.ticket(KEY);
    assertThat(tier.ticket(KEY)).isEqualTo(first);
    String elsewhere = otherStripe(KEY);
    tier.invalidate(elsewhere);
    assertThat(tier.ticket(KEY)).as("another stripe's invalidation").isEqualTo(first);
    tier.invalidate(KEY);
    long second = tier.ticket(KEY);
    assertThat(second).isNotEqualTo(first);
    tier.invalidateAll();
    long third = tier.ticket(KEY);
    assertThat(third).isNotEqualTo(second);
    tier.subscribed();
    assertThat(tier.ticket(KEY)).isNotEqualTo(third);
  }

  @Test
  void lookup_ofACopyWhoseTicketMoved_dropsIt() {
    NearTier tier = tier();
    tier.subscribed();
    store.map.put(KEY, new NearCopy("old", tier.ticket(KEY) - 1));
    assertThat(tier.lookup(KEY)).isNull();
    assertThat(store.map).doesNotContainKey(KEY);
  }

  @Test
  void lookup_ofSomethingElse_servesNothing() {
    NearTier tier = tier();
    tier.subscribed();
    store.map.put(KEY, "not a copy");
    assertThat(tier.lookup(KEY)).isNull();
  }

  @Test
  void copy_livesUntilTheEntryWouldTurnStale_countedFromTheSend() {
    NearTier tier = tier();
    tier.subscribed();
    long sent = System.nanoTime() - SECOND / 10;
    tier.install(KEY, tier.ticket(KEY), "v", sent, 5_000);
    assertThat(store.deadlines.get(KEY)).isEqualTo(sent + 5 * SECOND);
  }

  @Test
  void copy_withoutAnExpiry_livesForeverWithoutAMaxAge_andAtMostTheMaxAgeWithOne() {
    NearTier forever = tier();
    forever.subscribed();
    forever.install(KEY, forever.ticket(KEY), "v", System.nanoTime(), -1);
    assertThat(store.deadlines.get(KEY)).isEqualTo(Long.MAX_VALUE);

    NearTier aged = tier(NearCacheConfig.builder(100).maxAge(Duration.ofSeconds(2)).build(), false);
    aged.subscribed();
    long before = System.nanoTime();
    aged.install("g1", aged.ticket("g1"), "v", before, -1);
    long after = System.nanoTime();
    assertThat(store.deadlines.get("g1")).isBetween(before + 2 * SECOND, after + 2 * SECOND);
  }

  @Test
  void copy_livesUntilTheEarlierOfFreshnessAndMaxAge() {
    NearTier aged = tier(NearCacheConfig.builder(100).maxAge(Duration.ofSeconds(2)).build(), false);
    aged.subscribed();
    long sent = System.nanoTime();
    aged.install("a", aged.ticket("a"), "v", sent, 1_000);
    assertThat(store.deadlines.get("a")).as("fresh for 1 s, max age 2 s").isEqualTo(sent + SECOND);
    long before = System.nanoTime();
    aged.install("b", aged.ticket("b"), "v", before, 3_000);
    assertThat(store.deadlines.get("b")).as("fresh for 3 s, max age 2 s")
        .isBetween(before + 2 * SECOND, System.nanoTime() + 2 * SECOND);
  }

  @Test
  void maxAgeOfCenturies_isNoMaxAge() {
    NearTier tier = tier(NearCacheConfig.builder(100).maxAge(Duration.ofDays(40_000)).build(), false);
    tier.subscribed();
    tier.install(KEY, tier.ticket(KEY), "v", System.nanoTime(), -1);
    assertThat(store.deadlines.get(KEY)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void copy_alreadyPastItsFreshness_isNotKept() {
    NearTier tier = tier();
    tier.subscribed();
    tier.install(KEY, tier.ticket(KEY), "v", System.nanoTime() - SECOND, 1_000);
    tier.install("g", tier.ticket("g"), "v", System.nanoTime() - SECOND, 0);
    assertThat(store.map).isEmpty();
  }

  @Test
  void write_keepsItsValueFreshForTheStoredTtl() {
    NearTier tier = tier();
    tier.subscribed();
    long write = tier.beginWrite(KEY);
    long sent = System.nanoTime();
    tier.endWrite(KEY, write, true, "mine", sent, 2_000);
    assertThat(tier.lookup(KEY).value()).isEqualTo("mine");
    assertThat(store.deadlines.get(KEY)).isEqualTo(sent + 2 * SECOND);
    assertThat(tier.lookup(KEY).ticket()).isEqualTo(tier.ticket(KEY)).isNotEqualTo(write);
  }

  @Test
  void write_acrossAClear_keepsNoCopy() {
    NearTier tier = tier();
    tier.subscribed();
    long write = tier.beginWrite(KEY);
    tier.invalidateAll();
    tier.endWrite(KEY, write, true, "mine", System.nanoTime(), -1);
    assertThat(tier.lookup(KEY)).isNull();
    assertThat(store.map).isEmpty();
  }

  @Test
  void write_whileTheSubscriptionIsDown_keepsNoCopy() {
    NearTier tier = tier();
    long write = tier.beginWrite(KEY);
    tier.endWrite(KEY, write, true, "mine", System.nanoTime(), -1);
    assertThat(store.map).isEmpty();
  }

  @Test
  void write_thatFailed_movesTheTicketOn() {
    NearTier tier = tier();
    tier.subscribed();
    long write = tier.beginWrite(KEY);
    tier.endWrite(KEY, write, false, "lost", System.nanoTime(), -1);
    assertThat(tier.ticket(KEY)).isNotEqualTo(write);
    assertThat(store.map).isEmpty();
  }

  @Test
  void key_isTheFieldsBytesAsText() {
    assertThat(NearTier.key("0a1b".getBytes(StandardCharsets.US_ASCII))).isEqualTo("0a1b");
  }

  @Test
  void hits_areReplayedThroughTheTouchScript_withTheirCounts_onceEnoughWait() throws Exception {
    NearTier tier = tier(NearCacheConfig.builder(100).flushInterval(Duration.ofHours(1)).flushHits(3).build(), true);
    tier.recordHit("a");
    tier.recordHit("a");
    assertThat(executor.sent).as("two of three hits").isEmpty();
    tier.recordHit("b");
    dev.recall.contract.Await.until(Duration.ofSeconds(10), () -> !executor.sent.isEmpty(), () -> "a replay");
    Command<?> touch = executor.sent.get(0);
    List<String> args = texts(touch.args());
    assertThat(args).contains(Scripts.TOUCH.sha1());
    Map<String, String> counts = new HashMap<>();
    int at = args.indexOf("a");
    counts.put("a", args.get(at + 1));
    at = args.indexOf("b");
    counts.put("b", args.get(at + 1));
    assertThat(counts).containsEntry("a", "2").containsEntry("b", "1");
    assertThat(executor.sent).hasSize(1);
  }

  @Test
  void everyFlushHitsHits_startAnotherReplay() throws Exception {
    NearTier tier = tier(NearCacheConfig.builder(100).flushInterval(Duration.ofHours(1)).flushHits(2).build(), true);
    tier.recordHit("a");
    tier.recordHit("a");
    dev.recall.contract.Await.until(Duration.ofSeconds(10), () -> executor.sent.size() == 1, () -> "a first replay");
    tier.recordHit("b");
    assertThat(executor.sent).hasSize(1);
    tier.recordHit("b");
    dev.recall.contract.Await.until(Duration.ofSeconds(10), () -> executor.sent.size() == 2, () -> "a second replay");
  }

  @Test
  void hits_areReplayedEveryFlushInterval_withoutWaitingForMore() throws Exception {
    NearTier tier = tier(NearCacheConfig.builder(100).flushInterval(Duration.ofMillis(20)).build(), true);
    tier.recordHit("a");
    dev.recall.contract.Await.until(Duration.ofSeconds(10), () -> !executor.sent.isEmpty(), () -> "a timed replay");
  }

  @Test
  void aReplayThatCannotBeSent_doesNotStopTheNextOne() {
    executor.refuse = true;
    NearTier tier = tier(NearCacheConfig.builder(100).flushInterval(Duration.ofHours(1)).build(), true);
    tier.recordHit("a");
    tier.flush();
    executor.refuse = false;
    tier.recordHit("b");
    tier.flush();
    assertThat(executor.sent).hasSize(1);
    assertThat(texts(executor.sent.get(0).args())).contains("b");
  }

  @Test
  void aWrite_dropsTheCopyAsItBegins() {
    NearTier tier = tier();
    tier.subscribed();
    tier.install(KEY, tier.ticket(KEY), "before", System.nanoTime(), -1);
    tier.beginWrite(KEY);
    assertThat(tier.lookup(KEY)).as("served while the write is in flight").isNull();
  }

  @Test
  void invalidate_freesTheCopysMemoryAtOnce() {
    NearTier tier = tier();
    tier.subscribed();
    tier.install(KEY, tier.ticket(KEY), "v", System.nanoTime(), -1);
    tier.invalidate(KEY);
    assertThat(store.map).isEmpty();
  }

  @Test
  void hits_ofAPolicyThatIgnoresThem_areNotReplayed() {
    NearTier tier = tier(NearCacheConfig.builder(100).flushHits(1).build(), false);
    tier.recordHit("a");
    tier.flush();
    assertThat(executor.sent).isEmpty();
  }

  @Test
  void flush_withNothingWaiting_sendsNothing_andAFlushAfterItSendsTheNewHits() throws Exception {
    NearTier tier = tier(NearCacheConfig.builder(100).flushInterval(Duration.ofHours(1)).build(), true);
    tier.flush();
    assertThat(executor.sent).isEmpty();
    tier.recordHit("a");
    tier.flush();
    assertThat(executor.sent).hasSize(1);
    tier.flush();
    assertThat(executor.sent).as("nothing new").hasSize(1);
    tier.recordHit("c");
    tier.flush();
    assertThat(executor.sent).hasSize(2);
    assertThat(texts(executor.sent.get(1).args())).contains("c").doesNotContain("a");
  }

  @Test
  void aLargeFlush_isSentInBatches() {
    NearTier tier = tier(NearCacheConfig.builder(100_000).flushInterval(Duration.ofHours(1)).flushHits(100_000)
        .build(), true);
    for (int i = 0; i < 1_024; i++) {
      tier.recordHit("k" + i);
    }
    tier.flush();
    assertThat(executor.sent).as("two full batches").hasSize(2);
    for (int i = 0; i < 1_025; i++) {
      tier.recordHit("k" + i);
    }
    tier.flush();
    assertThat(executor.sent).as("two full batches and one of a field").hasSize(5);
  }

  private static List<String> texts(byte[][] args) {
    List<String> texts = new ArrayList<>();
    for (byte[] arg : args) {
      texts.add(new String(arg, StandardCharsets.ISO_8859_1));
    }
    return texts;
  }

  /** A key whose stripe differs from {@code key}'s. */
  private String otherStripe(String key) {
    NearTier probe = tier();
    long base = probe.ticket(key);
    for (int i = 0; ; i++) {
      String other = "o" + i;
      probe.invalidate(other);
      if (probe.ticket(key) == base) {
        return other;
      }
      base = probe.ticket(key);
    }
  }

  private static PairKeys keys() {
    byte[] b = "k".getBytes(StandardCharsets.US_ASCII);
    return new PairKeys(b, b, b, b, b, b, b, b);
  }

  /** Scripts that are never run: the tests only read the commands built with them. */
  private static final class Scripts implements PolicyScripts {
    @Override
    public dev.recall.function.EvictionPolicy policy() {
      return dev.recall.function.EvictionPolicy.LRU;
    }

    static final Script TOUCH = Script.of("touch", "return 'touch'");
    private static final Script OTHER = Script.of("other", "return 'other'");

    @Override
    public Script read() {
      return OTHER;
    }

    @Override
    public Script touch() {
      return TOUCH;
    }

    @Override
    public Script store() {
      return OTHER;
    }

    @Override
    public Script remove() {
      return OTHER;
    }

    @Override
    public Script size() {
      return OTHER;
    }

    @Override
    public Script clear() {
      return OTHER;
    }

    @Override
    public Script drop() {
      return OTHER;
    }

    @Override
    public Script release() {
      return OTHER;
    }
  }

  /** Records what the tier sends and answers each at once. */
  private static final class RecordingExecutor implements CommandExecutor {
    final List<Command<?>> sent = new CopyOnWriteArrayList<>();
    volatile boolean refuse;

    @Override
    public String driverName() {
      return "recording";
    }

    @Override
    public <T> T execute(Command<T> command) {
      throw new UnsupportedOperationException("the near tier only sends asynchronously");
    }

    @Override
    public <T> CompletableFuture<T> executeAsync(Command<T> command) {
      if (refuse) {
        throw new IllegalStateException("refused");
      }
      sent.add(command);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public List<@Nullable Object> executeBatch(List<? extends Command<?>> commands) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<List<@Nullable Object>> executeBatchAsync(List<? extends Command<?>> commands) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Subscriber subscriber(SubscriptionListener listener, Duration pingInterval) {
      throw new UnsupportedOperationException();
    }
  }
}
