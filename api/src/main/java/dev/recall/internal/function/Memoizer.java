package dev.recall.internal.function;

import dev.recall.RecallCodecException;
import dev.recall.RecallCommandException;
import dev.recall.RecallException;
import dev.recall.codec.Codec;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionSpec;
import dev.recall.function.spi.PolicyScripts;
import dev.recall.internal.jfr.RecallEvents;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.Replies;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * The one core memoize path of a function: hash the arguments, read through the policy's script (one round trip
 * that also takes the stampede lease on a miss), and on a miss compute once per key (single flight in this JVM,
 * lease across processes) and store. Every functional type and proxy method adapts onto {@link #call}, and every
 * future-returning type onto {@link #callAsync}, the same steps composed as futures ({@link AsyncMemoizer}); both
 * share the function's {@link FunctionParts}, computing and storing through one {@link ValueLoader}.
 * Thread-safe; never holds a monitor across I/O, so virtual threads are not pinned. Only the slow paths are timed
 * (computations and waits, two clock reads each, for the stats and the JFR events): a hit reads no clock.
 */
final class Memoizer {
  /** Runs background refreshes: a virtual thread each, alive while it computes and stores. */
  private static final Executor REFRESHES =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("recall-refresh-", 0).factory());

  private final FunctionParts parts;
  private final String name;
  private final PairCommands commands;
  private final CommandExecutor executor;
  private final FunctionStats stats;
  private final ValueLoader loader;
  private final AsyncMemoizer async;

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
    FunctionSpec<Object> typed = (FunctionSpec<Object>) spec;
    int maxIgnored = spec.ignoredArguments().stream().mapToInt(Integer::intValue).max().orElse(-1);
    boolean[] ignored = new boolean[maxIgnored + 1];
    spec.ignoredArguments().forEach(i -> ignored[i] = true);
    this.commands = new PairCommands(keys, registry, storeRegisters, scripts, config,
        typed.refreshAfterWrite(config), near != null);
    this.parts = new FunctionParts(spec.name(), typed, typed.codec(), new KeyHasher(spec.name(), ignored), commands,
        executor, config, stats, near, inFlight);
    this.name = spec.name();
    this.executor = executor;
    this.stats = stats;
    this.loader = new ValueLoader(parts);
    this.async = new AsyncMemoizer(parts, loader);
  }

  String name() {
    return name;
  }

  PairKeys keys() {
    return commands.keys();
  }

  /** The parts this function's paths share, for entry-level access. */
  FunctionParts parts() {
    return parts;
  }

  ValueLoader loader() {
    return loader;
  }

  /** Calls the function through the cache; the function's own exceptions come out unchanged. */
  @Nullable Object call(@Nullable Object[] args, Computation computation) throws Throwable {
    CallMode mode = CallMode.take();
    if (parts.bypasses(args, mode)) {
      return computation.run();
    }
    byte[] field = parts.field(args);
    if (mode == CallMode.REFRESH) {
      return loader.computeAndStore(field, commands.lease(field), computation, false);
    }
    String key = parts.nearKey(field);
    NearCopy held = parts.nearHit(key);
    if (held != null) {
      return held.value();
    }
    NearRead read = parts.beginRead(key);
    // The lease key is built only for calls that go to Redis: a near hit allocates nothing for it.
    byte[] lease = commands.lease(field);
    ReadReply reply;
    try {
      reply = ReadReply.parse(executor.execute(commands.read(field, lease)));
    } catch (RecallCommandException e) {
      if (!isForeignType(e)) {
        return loader.failOpen(e, computation);
      }
      try {
        dropForeignPair(e);
      } catch (RecallException cleared) {
        return loader.failOpen(cleared, computation);
      }
      reply = ReadReply.Miss.NO_LEASE_ASKED;
    } catch (RecallException e) {
      return loader.failOpen(e, computation);
    }
    if (reply instanceof ReadReply.Hit hit) {
      try {
        Object value = parts.hit(hit, read);
        if (hit.refreshDue()) {
          refreshAhead(field, lease, computation);
        }
        return value;
      } catch (RecallCodecException e) {
        // Unreadable bytes (a changed result type, a field written by another tool) are a miss in both modes: the
        // entry is removed and recomputed, so they never reach the caller and never fail a call twice.
        loader.removeCorrupt(field, e);
        reply = hit.unreadable();
      }
    }
    stats.miss(name);
    return load(field, lease, (ReadReply.Miss) reply, computation);
  }

  /** Whether a key of the pair holds another type than the scripts expect (written by another tool). */
  static boolean isForeignType(RecallCommandException e) {
    // Scripts' errors may come wrapped (ERR Error running script ... WRONGTYPE ...), so the text decides too.
    return "WRONGTYPE".equals(e.errorCode()) || String.valueOf(e.getMessage()).contains("WRONGTYPE");
  }

  /**
   * A key of the pair holds another type (written by another tool): the pair is unusable as it is, so it goes, and
   * the call is a miss.
   *
   * @throws RecallException when the pair cannot be dropped
   */
  private void dropForeignPair(RecallCommandException problem) {
    parts.dropAllLocal();
    executor.execute(commands.dropPair());
    stats.corrupt(name, "the keys of its pair (a key held a foreign type)", problem);
  }

  /**
   * The asynchronous form of {@link #call}, through the same steps without blocking (see {@link AsyncMemoizer}).
   */
  CompletableFuture<@Nullable Object> callAsync(@Nullable Object[] args, AsyncComputation computation) {
    return async.call(args, computation);
  }

  /**
   * Recomputes a hit's entry in the background while the caller goes on with the current value; the caller holds
   * the lease, so no other process refreshes it meanwhile, and the store releases it. A failure leaves the current
   * value and is counted.
   */
  private void refreshAhead(byte[] field, byte[] lease, Computation computation) {
    REFRESHES.execute(() -> {
      try {
        loader.computeAndStore(field, lease, computation, true);
        stats.refresh(name, true);
      } catch (Throwable t) {
        stats.refresh(name, false);
      }
    });
  }

  /** Removes one call's entry; returns whether it existed. */
  boolean invalidate(@Nullable Object[] args) {
    byte[] field = parts.field(args);
    parts.dropLocal(field);
    try {
      return Replies.longValue(executor.execute(commands.remove(field))) > 0;
    } finally {
      // A read of this JVM that raced the removal must not be served after it: its ticket is now behind.
      parts.dropLocal(field);
    }
  }

  /** Drops every near copy of this function's pair in this JVM, as it deletes the pair. */
  void dropAllLocal() {
    parts.dropAllLocal();
  }

  /** Drops this JVM's near copy of a field it is removing. */
  void dropLocal(byte[] field) {
    parts.dropLocal(field);
  }

  /**
   * Computes a missed value once per key; with a stale fallback (an expired entry kept for the stale window) a failed
   * recomputation returns that value instead, to this caller and to those waiting on it.
   */
  private @Nullable Object load(byte[] field, byte[] lease, ReadReply.Miss miss, Computation computation)
      throws Throwable {
    CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
    CompletableFuture<@Nullable Object> leader = parts.inFlight().join(field, mine);
    if (leader != null && !miss.holdsLease()) {
      return await(leader, computation);
    }
    // With the lease this caller computes even when a local caller got here first: that one is polling for the
    // lease holder's value, which is this caller's, so waiting on it would deadlock until the lease lapsed.
    try {
      Object value = miss.othersLease()
          ? waitForOtherProcess(field, lease, miss.lease(), computation)
          : loader.computeAndStore(field, lease, computation, miss.holdsLease());
      mine.complete(value);
      return value;
    } catch (Throwable t) {
      if (miss.stale() != null && !(t instanceof Error)) {
        Object value;
        try {
          value = loader.staleInstead(miss.stale(), t);
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
        parts.inFlight().leave(field, mine);
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
      stats.stampedeWait(name, System.nanoTime() - start, false, event);
    }
    return loader.load(computation);
  }

  /**
   * Another process holds the lease: poll the read script with a growing pause until its value is stored, or the
   * lease lapses (its holder died or is slow) and this caller takes it and computes. The wait is counted when it
   * ends, before any computation of this caller's own.
   */
  private @Nullable Object waitForOtherProcess(byte[] field, byte[] lease, long leaseLeft, Computation computation)
      throws Throwable {
    LeaseWait wait = new LeaseWait(leaseLeft, parts.config().leaseTime());
    while (!wait.timedOut()) {
      try {
        Thread.sleep(wait.nextPause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        wait.end(stats, name, false);
        return loader.load(computation);
      }
      long polled = System.nanoTime();
      ReadReply reply;
      try {
        reply = ReadReply.parse(executor.execute(commands.read(field, lease)));
      } catch (RecallException e) {
        wait.end(stats, name, false);
        return loader.failOpen(e, computation);
      }
      if (reply instanceof ReadReply.Hit hit) {
        wait.end(stats, name, false);
        try {
          Object value = Envelope.decode(hit.stored(), parts.codec());
          if (hit.refreshDue()) {
            refreshAhead(field, lease, computation);
          }
          return value;
        } catch (RecallCodecException e) {
          loader.removeCorrupt(field, e);
          return loader.computeAndStore(field, lease, computation, hit.refreshDue());
        }
      }
      // A stale entry means the other process has not stored yet: only who holds the lease matters.
      ReadReply.Miss miss = (ReadReply.Miss) reply;
      if (!miss.othersLease()) {
        wait.end(stats, name, wait.lapsed());
        return loader.computeAndStore(field, lease, computation, miss.holdsLease());
      }
      wait.stillHeld(polled, miss.lease());
    }
    // The lease outlived the holder's lease time and this caller's patience: it lapsed (and was taken again).
    wait.end(stats, name, true);
    return loader.computeAndStore(field, lease, computation, false);
  }

  /** The field prefix all of a function's entries share: 16 hex digits of its name's hash. */
  static byte[] functionId(String name) {
    return KeyHasher.functionId(name);
  }
}
