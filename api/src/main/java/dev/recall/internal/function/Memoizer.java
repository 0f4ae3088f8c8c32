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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
  final InFlightCalls inFlight;
  private final AsyncMemoizer async = new AsyncMemoizer(this);

  /**
   * @param storeRegisters whether the store script registers the pair in {@code registry} itself; when not (a
   *     cluster's per-function pairs live on other slots than the registry) each store is preceded by an
   *     {@code HSET} of the registry, so a pair holding data is always registered
   * @param inFlight the single-flight table of the function's name, shared by all its memoizers
   */
  @SuppressWarnings("unchecked")
  Memoizer(FunctionSpec<?> spec, PairKeys keys, byte[] registry, boolean storeRegisters, CommandExecutor executor,
      PolicyScripts scripts, FunctionCacheConfig config, FunctionStats stats, InFlightCalls inFlight) {
    this.inFlight = inFlight;
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
    stats.miss(name);
    return load(field, lease, reply, computation);
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
    Object removed = executor.execute(removeCommand(field));
    return Replies.longValue(removed) > 0;
  }

  private @Nullable Object load(byte[] field, byte[] lease, @Nullable Object reply, Computation computation)
      throws Throwable {
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
      if (reply instanceof byte[] stored) {
        waited(start, false, event);
        try {
          return Envelope.decode(stored, codec);
        } catch (RecallCodecException e) {
          removeCorrupt(field, e);
          return computeAndStore(field, lease, computation, false);
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
    try {
      if (!storeRegisters) {
        executor.execute(registerCommand());
      }
      Object evicted = executor.execute(storeCommand(field, lease, stored));
      stats.store(name, Replies.longValue(evicted));
    } catch (RecallException e) {
      stats.error(name, e);
      if (!config.failOpen()) {
        throw e;
      }
    }
    return value;
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
   * The field's lease key when stampede protection is on. When it is off the scripts never touch the lease key, so
   * the shared lease prefix stands in for it: it is in the pair's slot, and no key is built per call.
   */
  byte[] lease(byte[] field) {
    return config.stampedeProtection() ? keys.lease(field) : keys.leasePrefix();
  }

  /** Deletes the whole pair: a plain DEL, as the clear script would count the entries first and fail on them too. */
  Command<Long> dropPairCommand() {
    return RedisCommands.del(keys.data(), keys.order(), keys.expiry(), keys.sequence());
  }

  /** Removes one entry through the policy's script. */
  Command<@Nullable Object> removeCommand(byte[] field) {
    return RedisCommands.evalsha(scripts.remove(), List.of(keys.data(), keys.order(), keys.expiry()), List.of(field));
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
    return RedisCommands.evalsha(scripts.read(),
        List.of(keys.data(), keys.order(), keys.expiry(), keys.sequence(), lease),
        List.of(field, leaseMillis, LEASE_TOKEN, mayExpire));
  }

  /** Reads an entry as {@link #readCommand} does, but takes no lease on a miss (for entry-level reads). */
  Command<@Nullable Object> peekCommand(byte[] field) {
    return RedisCommands.evalsha(scripts.read(),
        List.of(keys.data(), keys.order(), keys.expiry(), keys.sequence(), lease(field)),
        List.of(field, NO_LEASE, LEASE_TOKEN, mayExpire));
  }

  Command<@Nullable Object> storeCommand(byte[] field, byte[] lease, byte[] value) {
    byte[] ttl = ZERO;
    if (config.ttl() != null) {
      long millis = config.ttl().toMillis();
      if (config.ttlJitter() > 0) {
        millis -= (long) (ThreadLocalRandom.current().nextDouble() * config.ttlJitter() * millis);
      }
      ttl = ascii(Math.max(1, millis));
    }
    List<byte[]> storeKeys = storeRegisters
        ? List.of(keys.data(), keys.order(), keys.expiry(), keys.sequence(), lease, registry)
        : List.of(keys.data(), keys.order(), keys.expiry(), keys.sequence(), lease);
    return RedisCommands.evalsha(scripts.store(), storeKeys,
        List.of(field, value, maxSize, ttl, config.stampedeProtection() ? LEASE_TOKEN : NO_TOKEN, keys.prefix(),
            TRIM_BATCH));
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
