package dev.recall.internal.function;

import dev.recall.function.NearCacheConfig;
import dev.recall.function.spi.LocalStore;
import dev.recall.function.spi.PolicyScripts;
import dev.recall.internal.RedisCommands;
import dev.recall.spi.CommandExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The near cache of one key pair in this JVM: decoded values in a {@link LocalStore}, served only while the pair's
 * invalidation channel is subscribed, and dropped as the scripts' invalidations arrive.
 *
 * <p>Tickets close the read/invalidate race. Each field has a ticket: the pair's epoch (bumped by a clear, a loss of
 * the subscription and its return) and a counter of invalidations of the field's stripe (a hash of fields, so a
 * ticket is one long read with no allocation). A remote read takes the ticket before it is sent and installs its
 * value as a {@link NearCopy} carrying that ticket; {@link #lookup} serves a copy only while the field's ticket still
 * equals the copy's. So an invalidation that lands after the read was sent makes its copy unservable whenever the
 * copy reaches the local store, before or after it. An invalidation of another field of the same stripe only costs
 * a copy its life.
 *
 * <p>A write of this JVM bumps the ticket before it is sent and, once acknowledged, moves the ticket on by one only
 * if nothing else moved it meanwhile (a compare-and-set), then keeps the written value under the new ticket: copies
 * of reads that raced the write die, and an invalidation from another JVM's later write, arriving before this
 * write's answer, leaves no copy at all.
 *
 * <p>Hits served here are invisible to Redis, so for the policies whose order hits change (LRU, MRU, LFU, TLRU) they
 * are counted per field and replayed through the policy's touch script, one call per flush: every flush interval,
 * or sooner once enough hits are waiting. Thread-safe.
 */
final class NearTier implements AutoCloseable {
  private static final int STRIPES = 1024;
  private static final int TOUCH_BATCH = 512;
  private static final long COUNTER_BITS = 0xffff_ffffL;
  private static final ScheduledExecutorService FLUSHES = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "recall-near-flush");
    thread.setDaemon(true);
    return thread;
  });

  private final LocalStore store;
  private final long maxAgeNanos;
  private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
  private final AtomicLong epoch = new AtomicLong();
  private volatile boolean live;
  private final boolean replays;
  private final int flushHits;
  private final ConcurrentHashMap<String, LongAdder> hits = new ConcurrentHashMap<>();
  private final AtomicInteger unflushed = new AtomicInteger();
  private final AtomicBoolean flushing = new AtomicBoolean();
  private final CommandExecutor executor;
  private final PolicyScripts scripts;
  private final PairKeys keys;
  private final @Nullable ScheduledFuture<?> flushTask;

  /**
   * @param replays whether the policy's order depends on hits, so local hits must be replayed to Redis
   */
  NearTier(LocalStore store, NearCacheConfig config, boolean replays, CommandExecutor executor, PolicyScripts scripts,
      PairKeys keys) {
    this.store = store;
    // An age beyond about a century is as good as none (and would overflow the clock arithmetic).
    this.maxAgeNanos = config.maxAge() == null || config.maxAge().toDays() > 36_500 ? Long.MAX_VALUE
        : config.maxAge().toNanos();
    this.replays = replays;
    this.flushHits = config.flushHits();
    this.executor = executor;
    this.scripts = scripts;
    this.keys = keys;
    long interval = config.flushInterval().toNanos();
    this.flushTask = replays
        ? FLUSHES.scheduleWithFixedDelay(this::flush, interval, interval, TimeUnit.NANOSECONDS) : null;
  }

  /** The local store's key of a field: its bytes, ASCII hex, as a string. */
  static String key(byte[] field) {
    return new String(field, StandardCharsets.ISO_8859_1);
  }

  /**
   * Returns the copy held for {@code key}, or {@code null} when there is none, the subscription is not known to be
   * live, or something invalidated the field since the copy's read was sent.
   */
  @Nullable NearCopy lookup(String key) {
    if (!live) {
      return null;
    }
    Object held = store.get(key);
    if (held instanceof NearCopy copy) {
      if (copy.ticket() == ticket(key)) {
        return copy;
      }
      // Tickets only move on: this copy can never be served again.
      store.invalidate(key);
    }
    return null;
  }

  /** Takes the ticket of a remote read of {@code key}, before it is sent. */
  long ticket(String key) {
    return (epoch.get() << 32) | (stripes.get(stripe(key)) & COUNTER_BITS);
  }

  /**
   * Installs what a remote read returned under the read's ticket, unless the subscription is down or the ticket
   * moved already. The copy lives until the entry would turn stale or expire in Redis ({@code freshMillis} from
   * when the read was sent, which is never later than Redis's own clock started counting; {@code -1}: never), and at
   * most the max age.
   */
  void install(String key, long ticket, @Nullable Object value, long sentNanos, long freshMillis) {
    if (!live || ticket(key) != ticket) {
      return;
    }
    long now = System.nanoTime();
    // Long.MAX_VALUE means never; other deadlines are near now, so their differences cannot overflow.
    long deadline = maxAgeNanos == Long.MAX_VALUE ? Long.MAX_VALUE : now + maxAgeNanos;
    if (freshMillis >= 0) {
      long fresh = sentNanos + freshMillis * 1_000_000L;
      if (deadline == Long.MAX_VALUE || fresh - deadline < 0) {
        deadline = fresh;
      }
    }
    if (deadline != Long.MAX_VALUE && deadline - now <= 0) {
      return;
    }
    store.put(key, new NearCopy(value, ticket), deadline);
  }

  /**
   * Begins a write of this JVM to {@code key}: drops the copy and moves the ticket on, so that no copy read before
   * is served; returns the write's ticket for {@link #endWrite}. Call it before the write is sent.
   */
  long beginWrite(String key) {
    invalidate(key);
    return ticket(key);
  }

  /**
   * Ends a write begun with {@link #beginWrite}: moves the ticket on again, so that copies of reads that raced the
   * write are not served, and, when the write succeeded and nothing else invalidated the field since it began, keeps
   * {@code value} as the field's copy (read-your-writes at near speed for the writing JVM).
   *
   * @param written whether Redis acknowledged the write; without it (or for a removal) no copy is kept
   * @param freshMillis how long the written entry stays fresh in Redis, counted from {@code sentNanos}; {@code -1}:
   *     until invalidated
   */
  void endWrite(String key, long ticket, boolean written, @Nullable Object value, long sentNanos, long freshMillis) {
    int stripe = stripe(key);
    long counter = stripes.get(stripe);
    if (written && (counter & COUNTER_BITS) == (ticket & COUNTER_BITS)
        && stripes.compareAndSet(stripe, counter, counter + 1)) {
      install(key, (ticket & ~COUNTER_BITS) | ((counter + 1) & COUNTER_BITS), value, sentNanos, freshMillis);
    } else {
      invalidate(key);
    }
  }

  /** Drops the copy of one field: an invalidation arrived, or this JVM is removing it. */
  void invalidate(String key) {
    stripes.incrementAndGet(stripe(key));
    store.invalidate(key);
  }

  /** Drops every copy: the pair was cleared. */
  void invalidateAll() {
    epoch.incrementAndGet();
    store.invalidateAll();
  }

  /** The subscription was confirmed: copies may be served and installed again, from reads sent after this. */
  void subscribed() {
    epoch.incrementAndGet();
    live = true;
  }

  /** The subscription may have missed invalidations: every copy goes, and calls go to Redis until it is back. */
  void lost() {
    live = false;
    invalidateAll();
  }

  /** Counts a hit served here, for the replay; starts a flush when enough are waiting. */
  void recordHit(String key) {
    if (!replays) {
      return;
    }
    LongAdder count = hits.get(key);
    if (count == null) {
      count = hits.computeIfAbsent(key, k -> new LongAdder());
    }
    count.increment();
    if (unflushed.incrementAndGet() == flushHits) {
      FLUSHES.execute(this::flush);
    }
  }

  /**
   * Replays the waiting hits to Redis through the touch script, without waiting for the reply; one flush at a time.
   * Hits counted while a flush collects may land in the next one (or, rarely, be lost): the order in Redis is
   * approximate to within a flush either way.
   */
  void flush() {
    if (hits.isEmpty() || !flushing.compareAndSet(false, true)) {
      return;
    }
    unflushed.set(0);
    List<byte[]> args = new ArrayList<>();
    Iterator<Map.Entry<String, LongAdder>> waiting = hits.entrySet().iterator();
    while (waiting.hasNext()) {
      Map.Entry<String, LongAdder> entry = waiting.next();
      waiting.remove();
      args.add(entry.getKey().getBytes(StandardCharsets.ISO_8859_1));
      args.add(Long.toString(entry.getValue().sum()).getBytes(StandardCharsets.US_ASCII));
    }
    List<byte[]> touchKeys = List.of(keys.data(), keys.order(), keys.sequence());
    List<List<byte[]>> batches = new ArrayList<>();
    for (int from = 0; from < args.size(); from += 2 * TOUCH_BATCH) {
      batches.add(args.subList(from, Math.min(args.size(), from + 2 * TOUCH_BATCH)));
    }
    AtomicInteger left = new AtomicInteger(batches.size());
    for (List<byte[]> batch : batches) {
      // A failed replay only leaves the order in Redis without these hits; the next ones are replayed as usual.
      try {
        executor.executeAsync(RedisCommands.evalsha(scripts.touch(), touchKeys, batch))
            .whenComplete((held, error) -> batchDone(left));
      } catch (RuntimeException e) {
        batchDone(left);
      }
    }
  }

  private void batchDone(AtomicInteger left) {
    if (left.decrementAndGet() == 0) {
      flushing.set(false);
    }
  }

  /** Stops the replays and drops every copy, as the client closes. */
  @Override
  public void close() {
    if (flushTask != null) {
      flushTask.cancel(false);
    }
    lost();
  }

  private static int stripe(String key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
