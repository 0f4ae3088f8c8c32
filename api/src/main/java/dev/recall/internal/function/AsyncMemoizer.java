package dev.recall.internal.function;

import dev.recall.RecallCodecException;
import dev.recall.RecallCommandException;
import dev.recall.RecallException;
import dev.recall.internal.jfr.RecallEvents;
import dev.recall.spi.Replies;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The non-blocking form of one function's {@link Memoizer}: the same steps (read script, single flight, lease,
 * computation, store, fail-open) composed as futures, on the memoizer's keys, commands, statistics and in-flight
 * table, so there is one engine with two ways of waiting. Thread-safe.
 */
final class AsyncMemoizer {
  /**
   * Sends the lease polls of async waiters once their pause has passed (the JDK's shared delayer times it): a
   * virtual thread per poll, alive only while it sends, as the common pool may be a thread per task on small hosts.
   */
  private static final Executor POLLS =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("recall-lease-poll-", 0).factory());

  private final Memoizer core;

  AsyncMemoizer(Memoizer core) {
    this.core = core;
  }

  /**
   * The asynchronous form of {@link Memoizer#call}, through the same steps without blocking: the read script's future
   * composes with the computation's future and the store. Callers of one key in this JVM share one computation, and
   * each gets its own dependent future, so cancelling it cancels nobody else's. Callbacks may run on a driver's I/O
   * thread, so the computation is started there too: it must return its future without blocking.
   */
  CompletableFuture<@Nullable Object> call(@Nullable Object[] args, AsyncComputation computation) {
    CallMode mode = CallMode.take();
    if (core.spec.condition() != null && !core.spec.condition().test(Arrays.asList(args))) {
      return start(computation);
    }
    if (mode == CallMode.BYPASS) {
      return start(computation);
    }
    byte[] field = core.field(args);
    NearRead nearRead = null;
    if (core.near != null && mode != CallMode.REFRESH) {
      String key = NearTier.key(field);
      NearCopy held = core.nearHit(key);
      if (held != null) {
        return CompletableFuture.completedFuture(held.value());
      }
      nearRead = NearRead.begin(core.near, key);
    }
    byte[] lease = core.lease(field);
    if (mode == CallMode.REFRESH) {
      return computeAndStoreAsync(field, lease, computation, false);
    }
    NearRead read = nearRead;
    return core.executor.executeAsync(core.readCommand(field, lease))
        .handle((reply, error) -> error == null
            ? afterReadAsync(field, lease, reply, read, computation)
            : afterReadFailedAsync(field, lease, unwrap(error), computation))
        .thenCompose(future -> future);
  }


  private CompletableFuture<@Nullable Object> afterReadFailedAsync(byte[] field, byte[] lease, Throwable error,
      AsyncComputation computation) {
    if (!(error instanceof RecallException e)) {
      return CompletableFuture.failedFuture(error);
    }
    if (!(e instanceof RecallCommandException c) || !Memoizer.isForeignType(c)) {
      return failOpenAsync(e, computation);
    }
    // As in call: a pair holding a foreign type is removed, and the call is a miss.
    core.dropAllLocal();
    return core.executor.executeAsync(core.dropPairCommand())
        .handle((removed, cleared) -> {
          if (cleared != null) {
            Throwable cause = unwrap(cleared);
            return cause instanceof RecallException r
                ? failOpenAsync(r, computation) : CompletableFuture.<@Nullable Object>failedFuture(cause);
          }
          core.stats.corrupt(core.name, "the keys of its pair (a key held a foreign type)", e);
          return afterReadAsync(field, lease, null, null, computation);
        })
        .thenCompose(future -> future);
  }

  private CompletableFuture<@Nullable Object> afterReadAsync(byte[] field, byte[] lease, @Nullable Object reply,
      @Nullable NearRead nearRead, AsyncComputation computation) {
    if (reply instanceof byte[] stored) {
      try {
        Object value = Envelope.decode(stored, core.codec);
        core.stats.hit(core.name);
        return CompletableFuture.completedFuture(value);
      } catch (RecallCodecException e) {
        // The removal ends before the computation starts, so it can never remove the recomputed value.
        return removeCorruptAsync(field, e).thenCompose(removed -> {
          core.stats.miss(core.name);
          return loadAsync(field, lease, null, null, computation);
        });
      }
    }
    byte[] stale = null;
    if (reply instanceof List<?> extended) {
      byte[] stored = (byte[]) extended.get(0);
      byte kind = Memoizer.kind(extended);
      if (kind == Memoizer.STALE) {
        stale = stored;
        reply = extended.get(2);
      } else {
        try {
          Object value = Envelope.decode(stored, core.codec);
          core.stats.hit(core.name);
          if (nearRead != null) {
            nearRead.install(value, extended.get(2));
          }
          if (kind == Memoizer.REFRESH) {
            refreshAheadAsync(field, lease, computation);
          }
          return CompletableFuture.completedFuture(value);
        } catch (RecallCodecException e) {
          // As in Memoizer#call: a refresh lease this caller holds serves as its miss lease.
          Object missReply = kind == Memoizer.REFRESH ? Memoizer.HOLDS_LEASE : null;
          return removeCorruptAsync(field, e).thenCompose(removed -> {
            core.stats.miss(core.name);
            return loadAsync(field, lease, missReply, null, computation);
          });
        }
      }
    }
    core.stats.miss(core.name);
    return loadAsync(field, lease, reply, stale, computation);
  }

  /** {@link Memoizer}'s refresh ahead: the caller holds the lease and goes on with the current value. */
  private void refreshAheadAsync(byte[] field, byte[] lease, AsyncComputation computation) {
    computeAndStoreAsync(field, lease, computation, true)
        .whenComplete((value, error) -> core.stats.refresh(core.name, error == null));
  }

  /**
   * Single flight as in {@link Memoizer#load}: the first caller of a key computes (or waits for another process),
   * and with {@code stale} a failed recomputation completes with the stale value instead.
   */
  private CompletableFuture<@Nullable Object> loadAsync(byte[] field, byte[] lease, @Nullable Object reply,
      byte @Nullable [] stale, AsyncComputation computation) {
    boolean holdsLease = reply instanceof Long n && n == 0;
    CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
    CompletableFuture<@Nullable Object> leader = core.inFlight.join(field, mine);
    if (leader != null && !holdsLease) {
      Object event = RecallEvents.beginStampedeWait();
      long start = System.nanoTime();
      // A dependent future of the caller's own: cancelling it leaves the shared one running.
      return leader.whenComplete((value, error) -> core.waited(start, false, event));
    }
    CompletableFuture<@Nullable Object> result = reply instanceof Long n && n > 0
        ? waitForOtherProcessAsync(field, lease, n, computation)
        : computeAndStoreAsync(field, lease, computation, holdsLease);
    result.whenComplete((value, error) -> {
      if (error == null) {
        mine.complete(value);
      } else if (stale != null && !(unwrap(error) instanceof Error)) {
        try {
          mine.complete(core.staleInstead(stale, unwrap(error)));
        } catch (Throwable unreadable) {
          mine.completeExceptionally(unreadable);
        }
      } else {
        mine.completeExceptionally(unwrap(error));
      }
      if (leader == null) {
        core.inFlight.leave(field, mine);
      }
    });
    return mine.copy();
  }

  /**
   * {@link Memoizer#waitForOtherProcess} without a thread per waiter: each poll of the read script is scheduled after
   * the same growing pause, and the wait ends as there, with the stored value or this caller's own computation.
   */
  private CompletableFuture<@Nullable Object> waitForOtherProcessAsync(byte[] field, byte[] lease, long leaseLeft,
      AsyncComputation computation) {
    CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
    Object event = RecallEvents.beginStampedeWait();
    long start = System.nanoTime();
    long deadline = start + (leaseLeft + core.config.leaseTime().toMillis()) * 1_000_000L;
    poll(new Poll(field, lease, computation, result, event, start, deadline), start + leaseLeft * 1_000_000L, 1);
    return result;
  }

  /** One asynchronous wait for another process's value. */
  private record Poll(byte[] field, byte[] lease, AsyncComputation computation,
      CompletableFuture<@Nullable Object> result, @Nullable Object event, long start, long deadline) {}

  private void poll(Poll wait, long leaseEnd, long pauseMillis) {
    if (System.nanoTime() >= wait.deadline()) {
      core.waited(wait.start(), true, wait.event());
      forward(computeAndStoreAsync(wait.field(), wait.lease(), wait.computation(), false), wait.result());
      return;
    }
    Executor later = CompletableFuture.delayedExecutor(pauseMillis, TimeUnit.MILLISECONDS, POLLS);
    later.execute(() -> {
      long polled = System.nanoTime();
      core.executor.executeAsync(core.readCommand(wait.field(), wait.lease())).whenComplete((reply, error) -> {
        try {
          afterPoll(wait, leaseEnd, pauseMillis, polled, reply, error);
        } catch (RuntimeException e) {
          // Nothing else would complete the waiter's future: an unexpected failure must reach it.
          wait.result().completeExceptionally(e);
        }
      });
    });
  }

  /** Ends the wait with the polled reply, or schedules the next poll while the other process still computes. */
  private void afterPoll(Poll wait, long leaseEnd, long pauseMillis, long polled, @Nullable Object reply,
      @Nullable Throwable error) {
    boolean refreshDue = reply instanceof List<?> extended && Memoizer.kind(extended) == Memoizer.REFRESH;
    if (reply instanceof List<?> extended) {
      byte kind = Memoizer.kind(extended);
      // A stale entry means the other process has not stored yet.
      reply = kind == Memoizer.STALE ? extended.get(2) : extended.get(0);
    }
    if (error != null) {
      core.waited(wait.start(), false, wait.event());
      Throwable cause = unwrap(error);
      forward(cause instanceof RecallException e
          ? failOpenAsync(e, wait.computation()) : CompletableFuture.failedFuture(cause), wait.result());
    } else if (reply instanceof byte[] stored) {
      core.waited(wait.start(), false, wait.event());
      try {
        wait.result().complete(Envelope.decode(stored, core.codec));
        if (refreshDue) {
          refreshAheadAsync(wait.field(), wait.lease(), wait.computation());
        }
      } catch (RecallCodecException e) {
        forward(removeCorruptAsync(wait.field(), e).thenCompose(removed ->
            computeAndStoreAsync(wait.field(), wait.lease(), wait.computation(), refreshDue)), wait.result());
      }
    } else if (!(reply instanceof Long n) || n == 0) {
      core.waited(wait.start(), System.nanoTime() >= leaseEnd, wait.event());
      forward(computeAndStoreAsync(wait.field(), wait.lease(), wait.computation(), reply != null),
          wait.result());
    } else {
      poll(wait, polled + n * 1_000_000L, Math.min(pauseMillis * 2, 25));
    }
  }

  private CompletableFuture<@Nullable Object> computeAndStoreAsync(byte[] field, byte[] lease,
      AsyncComputation computation, boolean holdsLease) {
    Object event = RecallEvents.beginLoad();
    long start = System.nanoTime();
    return start(computation).handle((value, error) -> {
      if (error != null) {
        core.stats.load(core.name, System.nanoTime() - start, false, event);
        if (holdsLease) {
          releaseAsync(lease);
        }
        return CompletableFuture.<@Nullable Object>failedFuture(unwrap(error));
      }
      core.stats.load(core.name, System.nanoTime() - start, true, event);
      return storeAsync(field, lease, value, holdsLease);
    }).thenCompose(future -> future);
  }

  /**
   * Stores a computed value as {@link Memoizer#computeAndStore} does; the future has the value unless fail-open is
   * off.
   */
  private CompletableFuture<@Nullable Object> storeAsync(byte[] field, byte[] lease, @Nullable Object value,
      boolean holdsLease) {
    byte[] stored;
    try {
      stored = Envelope.encode(value, core.codec);
    } catch (RecallCodecException e) {
      core.stats.error(core.name, e);
      if (holdsLease) {
        releaseAsync(lease);
      }
      return core.config.failOpen() ? CompletableFuture.completedFuture(value) : CompletableFuture.failedFuture(e);
    }
    long ttlMillis = core.ttlMillis();
    String local = core.near == null ? null : NearTier.key(field);
    long ticket = local == null ? 0 : core.near.beginWrite(local);
    long sent = local == null ? 0 : System.nanoTime();
    CompletableFuture<?> registered = core.storeRegisters
        ? CompletableFuture.completedFuture(null)
        : core.executor.executeAsync(core.registerCommand());
    return registered.thenCompose(done -> core.executor.executeAsync(core.storeCommand(field, lease, stored,
            ttlMillis)))
        .handle((evicted, error) -> {
          if (local != null) {
            core.near.endWrite(local, ticket, error == null, value, sent, core.freshMillis(ttlMillis));
          }
          if (error == null) {
            core.stats.store(core.name, Replies.longValue(evicted));
            return CompletableFuture.completedFuture(value);
          }
          Throwable cause = unwrap(error);
          core.stats.error(core.name, cause);
          return core.config.failOpen() ? CompletableFuture.completedFuture(value)
              : CompletableFuture.<@Nullable Object>failedFuture(cause);
        })
        .thenCompose(future -> future);
  }

  private CompletableFuture<@Nullable Object> failOpenAsync(RecallException e, AsyncComputation computation) {
    core.stats.error(core.name, e);
    return core.config.failOpen() ? start(computation) : CompletableFuture.failedFuture(e);
  }

  /**
   * Starts the computation; whatever it throws, and a null future, become a failed future, so the caller sees
   * every failure the same way.
   */
  @SuppressWarnings("unchecked")
  private CompletableFuture<@Nullable Object> start(AsyncComputation computation) {
    CompletableFuture<?> started;
    try {
      started = computation.start();
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
    if (started == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException("the function '" + core.name + "' returned a null future"));
    }
    return (CompletableFuture<@Nullable Object>) started;
  }

  /** {@link Memoizer#removeCorrupt} as a future that always completes normally, once the removal was answered. */
  private CompletableFuture<@Nullable Void> removeCorruptAsync(byte[] field, RecallCodecException problem) {
    core.dropLocal(field);
    return core.executor.executeAsync(core.removeCommand(field))
        .handle((removed, error) -> {
          if (error == null) {
            core.stats.corrupt(core.name, "an unreadable entry", problem);
          } else {
            // The store of the recomputed value overwrites it anyway.
            core.stats.error(core.name, unwrap(error));
          }
          return null;
        });
  }

  private void releaseAsync(byte[] lease) {
    core.executor.executeAsync(core.releaseCommand(lease))
        .whenComplete((released, error) -> {
          if (error != null) {
            core.stats.error(core.name, unwrap(error));
          }
        });
  }

  private static void forward(CompletableFuture<@Nullable Object> from, CompletableFuture<@Nullable Object> to) {
    from.whenComplete((value, error) -> {
      if (error == null) {
        to.complete(value);
      } else {
        to.completeExceptionally(unwrap(error));
      }
    });
  }

  /** The original exception of a failed stage: composition wraps it in a {@link CompletionException}. */
  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }
}
