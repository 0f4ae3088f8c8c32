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
 * <p>The read/invalidate race: a remote read takes a {@link #ticket} before it is sent, and its value is installed
 * only if no invalidation of its field (nor loss of the subscription) happened since. Invalidations are counted per
 * stripe of fields (a hash), so a ticket is one long with no allocation; an invalidation of another field of the same
 * stripe only costs that read its install. An invalidation bumps the stripe before it drops the entry, and an install
 * puts before it checks the ticket again (dropping what it put when the ticket moved), so no interleaving leaves a
 * value that an invalidation after the read should have dropped.
 *
 * <p>Hits served here are invisible to Redis, so for the policies whose order hits change (LRU, MRU, LFU, TLRU) they
 * are counted per field and replayed through the policy's touch script, one call per flush: every flush interval,
 * or sooner once enough hits are waiting. Thread-safe.
 */
final class NearTier implements AutoCloseable {
  private static final int STRIPES = 1024;
  private static final int TOUCH_BATCH = 512;
  /** Stands for a cached {@code null}, as the local store holds no nulls. */
  private static final Object NULL = new Object();
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
   * Returns what is held for {@code key} (see {@link #valueOf}), or {@code null} when nothing is, or the
   * subscription is not known to be live.
   */
  @Nullable Object lookup(String key) {
    return live ? store.get(key) : null;
  }

  /** The value a held object stands for. */
  static @Nullable Object valueOf(Object held) {
    return held == NULL ? null : held;
  }

  /** Takes the ticket of a remote read of {@code key}, before it is sent. */
  long ticket(String key) {
    return (epoch.get() << 32) | (stripes.get(stripe(key)) & 0xffff_ffffL);
  }

  /**
   * Installs what a remote read returned, unless the subscription is down or something invalidated the field (or
   * its stripe) since the read's ticket was taken. The copy lives until the entry would turn stale or expire in Redis
   * ({@code freshMillis} from when the read was sent, which is never later than Redis's own clock started counting;
   * {@code -1}: never), and at most the max age.
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
    store.put(key, value == null ? NULL : value, deadline);
    if (!live || ticket(key) != ticket) {
      store.invalidate(key);
    }
  }

  /** Drops the copy of one field: an invalidation arrived, or this JVM is writing it. */
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
