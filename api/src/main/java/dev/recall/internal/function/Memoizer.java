package dev.recall.internal.function;

import dev.recall.RecallCodecException;
import dev.recall.RecallCommandException;
import dev.recall.RecallException;
import dev.recall.codec.Codec;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionSpec;
import dev.recall.spi.Command;
import dev.recall.function.spi.PolicyScripts;
import dev.recall.internal.RedisCommands;
import dev.recall.internal.jfr.RecallEvents;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.Replies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The one core memoize path of a function: hash the arguments, read through the policy's script (one round trip
 * that also takes the stampede lease on a miss), and on a miss compute once per key (single flight in this JVM,
 * lease across processes) and store. Every functional type and proxy method adapts onto {@link #call}, and every
 * future-returning type onto {@link #callAsync}, the same steps composed as futures.
 * Thread-safe; never holds a monitor across I/O, so virtual threads are not pinned. Only the slow paths are timed
 * (computations and waits, two clock reads each, for the stats and the JFR events): a hit reads no clock.
 */
final class Memoizer {
  /** Identifies this JVM's leases; within the JVM single flight already makes one caller per key compute. */
  static final byte[] LEASE_TOKEN = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NO_TOKEN = new byte[0];
  private static final byte[] NO_LEASE = {'0'};
  static final byte[] ONE = {'1'};
  private static final byte[] ZERO = {'0'};
  private static final byte[] TRIM_BATCH = {'6', '4'};
  /** Kinds of an extended read reply: see {@link #kind}. */
  static final byte HIT = 'h';
  static final byte REFRESH = 'r';
  static final byte STALE = 's';
  /** The miss reply of a caller that holds the field's lease. */
  static final Long HOLDS_LEASE = 0L;
  /** Runs background refreshes: a virtual thread each, alive while it computes and stores. */
  private static final Executor REFRESHES =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("recall-refresh-", 0).factory());

  final String name;
  final FunctionSpec<Object> spec;
  final Codec<Object> codec;
  private final KeyHasher hasher;
  final PairKeys keys;
  final byte[] registry;
  final boolean storeRegisters;
  final CommandExecutor executor;
  final PolicyScripts scripts;
  final FunctionCacheConfig config;
  final FunctionStats stats;
  private final byte[] leaseMillis;
  private final byte[] maxSize;
  private final byte[] mayExpire;
  /** Whether a call may hold the field's lease: for stampede protection, or to refresh ahead. */
  private final boolean usesLease;
  /**
   * The read script's refresh age in the extended mode ({@code 0} when only stale entries or a near cache call for
   * that mode), or {@code null} when the cache refreshes ahead, keeps stale entries and keeps a near cache none of
   * them: then the read is the plain one, unchanged.
   */
  private final byte @Nullable [] refreshAge;
  /** Whether stores stamp entries with their write and stale times: with refresh ahead or a stale window. */
  private final boolean stamped;
  private final byte[] refreshLease;
  /** The stale window in ms, {@code 0} without one. */
  private final long staleMillis;
  /** The refresh age in ms, {@code -1} without refresh ahead. */
  private final long refreshMillis;
  /** The near cache of this function's pair, or {@code null} without one. */
  final @Nullable NearTier near;
  final InFlightCalls inFlight;
  private final AsyncMemoizer async = new AsyncMemoizer(this);

  /**
   * @param storeRegisters whether the store script registers the pair in {@code registry} itself; when not (a
   *     cluster's per-function pairs live on other slots than the registry) each store is preceded by an
   *     {@code HSET} of the registry, so a pair holding data is always registered
   * @param inFlight the single-flight table of the function's name, shared by all its memoizers
   * @param near the near cache of the function's pair, or {@code null} without one
   */
  @SuppressWarnings("unchecked")
  Memoizer(FunctionSpec<?> spec, PairKeys keys, byte[] registry, boolean storeRegisters, CommandExecutor executor,
      PolicyScripts scripts, FunctionCacheConfig config, FunctionStats stats, InFlightCalls inFlight,
      @Nullable NearTier near) {
    this.inFlight = inFlight;
    this.near = near;
    this.registry = registry;
    this.storeRegisters = storeRegisters;
    this.spec = (FunctionSpec<Object>) spec;
    this.name = spec.name();
    this.codec = this.spec.codec();
    int maxIgnored = spec.ignoredArguments().stream().mapToInt(Integer::intValue).max().orElse(-1);
    boolean[] ignored = new boolean[maxIgnored + 1];
    spec.ignoredArguments().forEach(i -> ignored[i] = true);
    this.hasher = new KeyHasher(name, ignored);
    this.keys = keys;
    this.executor = executor;
    this.scripts = scripts;
    this.config = config;
    this.stats = stats;
    this.leaseMillis = config.stampedeProtection() ? ascii(config.leaseTime().toMillis()) : NO_LEASE;
    this.maxSize = ascii(config.maxSize());
    this.mayExpire = config.ttl() != null ? ONE : ZERO;
    Duration refresh = this.spec.refreshAfterWrite(config);
    this.staleMillis = config.staleIfError() == null ? 0 : config.staleIfError().toMillis();
    this.usesLease = config.stampedeProtection() || refresh != null;
    this.stamped = refresh != null || staleMillis > 0;
    this.refreshAge = refresh != null ? ascii(refresh.toMillis()) : stamped || near != null ? ZERO : null;
    this.refreshLease = ascii(config.leaseTime().toMillis());
    this.refreshMillis = refresh == null ? -1 : refresh.toMillis();
  }

  String name() {
    return name;
  }

  PairKeys keys() {
    return keys;
  }

  /** Calls the function through the cache; the function's own exceptions come out unchanged. */
  @Nullable Object call(@Nullable Object[] args, Computation computation) throws Throwable {
    CallMode mode = CallMode.take();
    if (spec.condition() != null && !spec.condition().test(Arrays.asList(args))) {
      return computation.run();
    }
    if (mode == CallMode.BYPASS) {
      return computation.run();
    }
    byte[] field = field(args);
    NearRead nearRead = null;
    if (near != null && mode != CallMode.REFRESH) {
      String key = NearTier.key(field);
      NearCopy held = nearHit(key);
      if (held != null) {
        return held.value();
      }
      nearRead = NearRead.begin(near, key);
    }
    byte[] lease = lease(field);
    if (mode == CallMode.REFRESH) {
      return computeAndStore(field, lease, computation, false);
    }
    Object reply;
    try {
      reply = executor.execute(readCommand(field, lease));
    } catch (RecallCommandException e) {
      if (!isForeignType(e)) {
        return failOpen(e, computation);
      }
      // A key of the pair holds another type (written by another tool): the pair is unusable as it is, so it goes.
      try {
        dropAllLocal();
        executor.execute(dropPairCommand());
      } catch (RecallException cleared) {
        return failOpen(cleared, computation);
      }
      stats.corrupt(name, "the keys of its pair (a key held a foreign type)", e);
      reply = null;
    } catch (RecallException e) {
      return failOpen(e, computation);
    }
    if (reply instanceof byte[] stored) {
      try {
        Object value = Envelope.decode(stored, codec);
        stats.hit(name);
        return value;
      } catch (RecallCodecException e) {
        // Unreadable bytes (a changed result type, a field written by another tool) are a miss in both modes: the
        // entry is removed and recomputed, so they never reach the caller and never fail a call twice.
        removeCorrupt(field, e);
        reply = null;
      }
    }
    byte[] stale = null;
    if (reply instanceof List<?> extended) {
      byte[] stored = (byte[]) extended.get(0);
      byte kind = kind(extended);
      if (kind == STALE) {
        stale = stored;
        reply = extended.get(2);
      } else {
        try {
          Object value = Envelope.decode(stored, codec);
          stats.hit(name);
          if (nearRead != null) {
            nearRead.install(value, extended.get(2));
          }
          if (kind == REFRESH) {
            refreshAhead(field, lease, computation);
          }
          return value;
        } catch (RecallCodecException e) {
          removeCorrupt(field, e);
          // A refresh lease this caller now holds serves as its miss lease.
          reply = kind == REFRESH ? HOLDS_LEASE : null;
        }
      }
    }
    stats.miss(name);
    return load(field, lease, reply, stale, computation);
  }

  /**
   * The kind of an extended read reply, {@code {value, kind, n}}: {@link #HIT}, {@link #REFRESH} (a hit whose caller
   * now holds the lease to refresh it) or {@link #STALE} (an entry past its stale time, whose {@code n} is the miss
   * reply).
   */
  static byte kind(List<?> extended) {
    return ((byte[]) extended.get(1))[0];
  }

  /**
   * Recomputes a hit's entry in the background while the caller goes on with the current value; the caller holds
   * the lease, so no other process refreshes it meanwhile, and the store releases it. A failure leaves the current
   * value and is counted.
   */
  private void refreshAhead(byte[] field, byte[] lease, Computation computation) {
    REFRESHES.execute(() -> {
      try {
        computeAndStore(field, lease, computation, true);
        stats.refresh(name, true);
      } catch (Throwable t) {
        stats.refresh(name, false);
      }
    });
  }

  /**
   * The stale value in place of a recomputation's {@code failure}, counted; the failure itself (rethrown) when the
   * stale bytes do not decode.
   */
  @Nullable Object staleInstead(byte[] stale, Throwable failure) throws Throwable {
    Object value;
    try {
      value = Envelope.decode(stale, codec);
    } catch (RecallCodecException e) {
      failure.addSuppressed(e);
      throw failure;
    }
    stats.staleServed(name, failure);
    return value;
  }

  /** Whether a key of the pair holds another type than the scripts expect (written by another tool). */
  static boolean isForeignType(RecallCommandException e) {
    // Scripts' errors may come wrapped (ERR Error running script ... WRONGTYPE ...), so the text decides too.
    return "WRONGTYPE".equals(e.errorCode()) || String.valueOf(e.getMessage()).contains("WRONGTYPE");
  }

  /**
   * The asynchronous form of {@link #call}, through the same steps without blocking (see {@link AsyncMemoizer}).
   */
  CompletableFuture<@Nullable Object> callAsync(@Nullable Object[] args, AsyncComputation computation) {
    return async.call(args, computation);
  }

  /** Removes an entry that could not be decoded, and reports it. */
  private void removeCorrupt(byte[] field, RecallCodecException problem) {
    dropLocal(field);
    try {
      executor.execute(removeCommand(field));
      stats.corrupt(name, "an unreadable entry", problem);
    } catch (RecallException e) {
      // The store of the recomputed value overwrites it anyway.
      stats.error(name, e);
    }
  }

  /** Removes one call's entry; returns whether it existed. */
  boolean invalidate(@Nullable Object[] args) {
    byte[] field = field(args);
    dropLocal(field);
    try {
      return Replies.longValue(executor.execute(removeCommand(field))) > 0;
    } finally {
      // A read of this JVM that raced the removal must not be served after it: its ticket is now behind.
      dropLocal(field);
    }
  }

  /**
   * Returns the copy the near cache serves for {@code key}, counted as a near hit and
   * queued for the replay, or {@code null} when it holds nothing served. Only with a near cache.
   */
  @Nullable NearCopy nearHit(String key) {
    NearTier tier = Objects.requireNonNull(near, "near");
    NearCopy held = tier.lookup(key);
    if (held != null) {
      stats.nearHit(name);
      tier.recordHit(key);
    }
    return held;
  }

  /** Drops every near copy of this function's pair in this JVM, as it deletes the pair. */
  void dropAllLocal() {
    if (near != null) {
      near.invalidateAll();
    }
  }

  /**
   * Drops this JVM's near copy of a field it is writing or removing, at once (read-your-writes); other JVMs drop
   * theirs when the script's invalidation reaches them.
   */
  void dropLocal(byte[] field) {
    if (near != null) {
      near.invalidate(NearTier.key(field));
    }
  }

  /**
   * Computes a missed value once per key; with {@code stale} (an expired entry kept for the stale window) a failed
   * recomputation returns that value instead, to this caller and to those waiting on it.
   */
  private @Nullable Object load(byte[] field, byte[] lease, @Nullable Object reply, byte @Nullable [] stale,
      Computation computation) throws Throwable {
    boolean holdsLease = reply instanceof Long n && n == 0;
    CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
    CompletableFuture<@Nullable Object> leader = inFlight.join(field, mine);
    if (leader != null && !holdsLease) {
      return await(leader, computation);
    }
    // With the lease this caller computes even when a local caller got here first: that one is polling for the
    // lease holder's value, which is this caller's, so waiting on it would deadlock until the lease lapsed.
    try {
      Object value = reply instanceof Long n && n > 0
          ? waitForOtherProcess(field, lease, n, computation)
          : computeAndStore(field, lease, computation, holdsLease);
      mine.complete(value);
      return value;
    } catch (Throwable t) {
      if (stale != null && !(t instanceof Error)) {
        Object value;
        try {
          value = staleInstead(stale, t);
        } catch (Throwable unreadable) {
          mine.completeExceptionally(unreadable);
          throw unreadable;
        }
        mine.complete(value);
        return value;
      }
      mine.completeExceptionally(t);
      throw t;
    } finally {
      if (leader == null) {
        inFlight.leave(field, mine);
      }
    }
  }

  /**
   * Waits for the thread of this JVM computing the same key; its exception, if any, is rethrown unchanged. The
   * wait is counted whatever its end; an interrupted waiter computes the value itself, outside the timed wait.
   */
  private @Nullable Object await(CompletableFuture<@Nullable Object> leader, Computation computation)
      throws Throwable {
    Object event = RecallEvents.beginStampedeWait();
    long start = System.nanoTime();
    try {
      return leader.get();
    } catch (ExecutionException e) {
      throw e.getCause() == null ? e : e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waited(start, false, event);
    }
    return computation.run();
  }

  /** Counts a stampede wait that began at {@code start} and ends now, before the caller computes or returns. */
  void waited(long start, boolean lapsed, @Nullable Object event) {
    stats.stampedeWait(name, System.nanoTime() - start, lapsed, event);
  }

  /**
   * Another process holds the lease: poll the read script with a growing pause until its value is stored, or the
   * lease lapses (its holder died or is slow) and this caller takes it and computes. The wait is counted when it
   * ends, before any computation of this caller's own.
   */
  private @Nullable Object waitForOtherProcess(byte[] field, byte[] lease, long leaseLeft, Computation computation)
      throws Throwable {
    Object event = RecallEvents.beginStampedeWait();
    long start = System.nanoTime();
    long deadline = start + (leaseLeft + config.leaseTime().toMillis()) * 1_000_000L;
    // When the holder's lease lapses at the earliest, renewed by each poll (its time left, counted from before the
    // poll was sent, so never later than the real lapse; the first estimate counts from after the read, as timing
    // that read would cost every hit a clock read). A lease found free before then was released, not lapsed: its
    // holder's computation failed, or its value was stored and already evicted.
    long leaseEnd = start + leaseLeft * 1_000_000L;
    long pauseMillis = 1;
    while (System.nanoTime() < deadline) {
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        waited(start, false, event);
        return computation.run();
      }
      pauseMillis = Math.min(pauseMillis * 2, 25);
      long polled = System.nanoTime();
      Object reply;
      try {
        reply = executor.execute(readCommand(field, lease));
      } catch (RecallException e) {
        waited(start, false, event);
        return failOpen(e, computation);
      }
      boolean refreshDue = false;
      if (reply instanceof List<?> extended) {
        byte kind = kind(extended);
        refreshDue = kind == REFRESH;
        // A stale entry means the other process has not stored yet.
        reply = kind == STALE ? extended.get(2) : extended.get(0);
      }
      if (reply instanceof byte[] stored) {
        waited(start, false, event);
        try {
          Object value = Envelope.decode(stored, codec);
          if (refreshDue) {
            refreshAhead(field, lease, computation);
          }
          return value;
        } catch (RecallCodecException e) {
          removeCorrupt(field, e);
          return computeAndStore(field, lease, computation, refreshDue);
        }
      }
      if (!(reply instanceof Long n) || n == 0) {
        waited(start, System.nanoTime() >= leaseEnd, event);
        return computeAndStore(field, lease, computation, reply != null);
      }
      leaseEnd = polled + n * 1_000_000L;
    }
    // The lease outlived the holder's lease time and this caller's patience: it lapsed (and was taken again).
    waited(start, true, event);
    return computeAndStore(field, lease, computation, false);
  }

  private @Nullable Object computeAndStore(byte[] field, byte[] lease, Computation computation, boolean holdsLease)
      throws Throwable {
    Object value;
    Object event = RecallEvents.beginLoad();
    long start = System.nanoTime();
    try {
      value = computation.run();
    } catch (Throwable t) {
      stats.load(name, System.nanoTime() - start, false, event);
      if (holdsLease) {
        releaseQuietly(lease);
      }
      throw t;
    }
    stats.load(name, System.nanoTime() - start, true, event);
    byte[] stored;
    try {
      stored = Envelope.encode(value, codec);
    } catch (RecallCodecException e) {
      stats.error(name, e);
      if (holdsLease) {
        releaseQuietly(lease);
      }
      if (!config.failOpen()) {
        throw e;
      }
      return value;
    }
    store(field, lease, value, stored);
    return value;
  }

  /**
   * Stores an encoded value (registering the pair first where the store script cannot) and counts it; with a near
   * cache, this JVM keeps {@code value} as the field's copy once Redis acknowledged it (see
   * {@link NearTier#endWrite}), and no read racing the store is served after it.
   *
   * @throws RecallException when Redis fails and fail-open is off (the failure is counted either way)
   */
  void store(byte[] field, byte[] lease, @Nullable Object value, byte[] stored) {
    long ttlMillis = ttlMillis();
    String local = near == null ? null : NearTier.key(field);
    long ticket = local == null ? 0 : near.beginWrite(local);
    long sent = local == null ? 0 : System.nanoTime();
    boolean written = false;
    try {
      if (!storeRegisters) {
        executor.execute(registerCommand());
      }
      Object evicted = executor.execute(storeCommand(field, lease, stored, ttlMillis));
      written = true;
      stats.store(name, Replies.longValue(evicted));
    } catch (RecallException e) {
      stats.error(name, e);
      if (!config.failOpen()) {
        throw e;
      }
    } finally {
      if (local != null) {
        near.endWrite(local, ticket, written, value, sent, freshMillis(ttlMillis));
      }
    }
  }

  /**
   * How long an entry just stored with {@code ttlMillis} stays fresh, as a near copy may be served: until it expires
   * (or would turn stale) or is due for a refresh, whichever comes first; {@code -1} for never.
   */
  long freshMillis(long ttlMillis) {
    long fresh = ttlMillis > 0 ? ttlMillis : -1;
    return refreshMillis >= 0 && (fresh < 0 || refreshMillis < fresh) ? refreshMillis : fresh;
  }

  private @Nullable Object failOpen(RecallException e, Computation computation) throws Throwable {
    stats.error(name, e);
    if (!config.failOpen()) {
      throw e;
    }
    return computation.run();
  }

  private void releaseQuietly(byte[] lease) {
    try {
      executor.execute(releaseCommand(lease));
    } catch (RecallException e) {
      // The lease lapses by itself; waiters then compute.
      stats.error(name, e);
    }
  }

  /**
   * The field's lease key when stampede protection or refresh-ahead is on. Otherwise the scripts never touch the
   * lease key, so the shared lease prefix stands in for it: it is in the pair's slot, and no key is built per call.
   */
  byte[] lease(byte[] field) {
    return usesLease ? keys.lease(field) : keys.leasePrefix();
  }

  /** Deletes the whole pair through the drop script, as the clear script would read the foreign keys and fail. */
  Command<@Nullable Object> dropPairCommand() {
    return RedisCommands.evalsha(scripts.drop(),
        List.of(keys.data(), keys.order(), keys.expiry(), keys.sequence(), keys.channel()), List.of(keys.publish()));
  }

  /** Removes one entry through the policy's script. */
  Command<@Nullable Object> removeCommand(byte[] field) {
    return removeCommand(scripts, keys, List.of(field));
  }

  /** Removes entries of a pair through the policy's script, which names them on the pair's channel. */
  static Command<@Nullable Object> removeCommand(PolicyScripts scripts, PairKeys keys, List<byte[]> fields) {
    List<byte[]> args = new ArrayList<>(fields.size() + 1);
    args.add(keys.publish());
    args.addAll(fields);
    return RedisCommands.evalsha(scripts.remove(), List.of(keys.data(), keys.order(), keys.expiry(), keys.channel()),
        args);
  }

  /** Registers the pair in the cache's registry, for a store script that cannot (another slot on a cluster). */
  Command<Long> registerCommand() {
    return RedisCommands.hset(registry, Map.of(keys.prefix(), ONE));
  }

  /** Releases this JVM's lease, if it still holds it. */
  Command<@Nullable Object> releaseCommand(byte[] lease) {
    return RedisCommands.evalsha(scripts.release(), List.of(lease), List.of(LEASE_TOKEN));
  }

  Command<@Nullable Object> readCommand(byte[] field, byte[] lease) {
    List<byte[]> readKeys = List.of(keys.data(), keys.order(), keys.expiry(), keys.sequence(), lease);
    return RedisCommands.evalsha(scripts.read(), readKeys, refreshAge == null
        ? List.of(field, leaseMillis, LEASE_TOKEN, mayExpire)
        : List.of(field, leaseMillis, LEASE_TOKEN, mayExpire, refreshAge, refreshLease, near != null ? ONE : ZERO));
  }

  /** Reads an entry as {@link #readCommand} does, but takes no lease on a miss (for entry-level reads). */
  Command<@Nullable Object> peekCommand(byte[] field) {
    List<byte[]> readKeys = List.of(keys.data(), keys.order(), keys.expiry(), keys.sequence(), lease(field));
    // In the extended mode with refresh age 0: a look-up has no computation to refresh with.
    return RedisCommands.evalsha(scripts.read(), readKeys, refreshAge == null
        ? List.of(field, NO_LEASE, LEASE_TOKEN, mayExpire)
        : List.of(field, NO_LEASE, LEASE_TOKEN, mayExpire, ZERO, refreshLease, near != null ? ONE : ZERO));
  }

  /** The TTL of an entry stored now, jitter applied, in ms; {@code 0} without a TTL. */
  long ttlMillis() {
    if (config.ttl() == null) {
      return 0;
    }
    long millis = config.ttl().toMillis();
    if (config.ttlJitter() > 0) {
      millis -= (long) (ThreadLocalRandom.current().nextDouble() * config.ttlJitter() * millis);
    }
    return Math.max(1, millis);
  }

  /** Stores an entry through the policy's script, for {@code ttlMillis} ({@code 0}: no TTL). */
  Command<@Nullable Object> storeCommand(byte[] field, byte[] lease, byte[] value, long ttlMillis) {
    List<byte[]> storeKeys = storeRegisters
        ? List.of(keys.data(), keys.order(), keys.expiry(), keys.sequence(), lease, keys.channel(), registry)
        : List.of(keys.data(), keys.order(), keys.expiry(), keys.sequence(), lease, keys.channel());
    byte[] token = usesLease ? LEASE_TOKEN : NO_TOKEN;
    if (!stamped) {
      return RedisCommands.evalsha(scripts.store(), storeKeys, List.of(field, value, maxSize,
          ttlMillis == 0 ? ZERO : ascii(ttlMillis), token, keys.prefix(), TRIM_BATCH, keys.publish()));
    }
    // A stamped entry: Redis keeps it for the stale window past the time it turns stale.
    long keptMillis = ttlMillis == 0 ? 0 : ttlMillis + staleMillis;
    return RedisCommands.evalsha(scripts.store(), storeKeys, List.of(field, value, maxSize, ascii(keptMillis), token,
        keys.prefix(), TRIM_BATCH, keys.publish(), ascii(ttlMillis), ascii(staleMillis)));
  }

  /** The entry's field: the function id, then the 128-bit hash of the canonical argument encoding, in hex. */
  byte[] field(@Nullable Object[] args) {
    return hasher.field(args);
  }

  /** The field prefix all of a function's entries share: 16 hex digits of its name's hash. */
  static byte[] functionId(String name) {
    return KeyHasher.functionId(name);
  }

  private static byte[] ascii(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }
}
