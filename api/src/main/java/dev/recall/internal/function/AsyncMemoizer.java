package dev.recall.internal.function;

import dev.recall.RecallCodecException;
import dev.recall.RecallCommandException;
import dev.recall.RecallException;
import dev.recall.internal.Futures;
import dev.recall.internal.jfr.RecallEvents;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The non-blocking path of one memoized function: the steps of {@link Memoizer#call} (read script, single flight,
 * lease, computation, store, fail-open) composed as futures, over the same {@link FunctionParts} and
 * {@link ValueLoader}, so there is one engine with two ways of waiting. Thread-safe.
 */
final class AsyncMemoizer {
  /**
   * Sends the lease polls of async waiters once their pause has passed (the JDK's shared delayer times it): a
   * virtual thread per poll, alive only while it sends, as the common pool may be a thread per task on small hosts.
   */
  private static final Executor POLLS =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("recall-lease-poll-", 0).factory());

  private final FunctionParts parts;
  private final ValueLoader loader;

  AsyncMemoizer(FunctionParts parts, ValueLoader loader) {
    this.parts = parts;
    this.loader = loader;
  }

  /**
   * The asynchronous form of {@link Memoizer#call}, through the same steps without blocking: the read script's future
   * composes with the computation's future and the store. Callers of one key in this JVM share one computation, and
   * each gets its own dependent future, so cancelling it cancels nobody else's. Callbacks may run on a driver's I/O
   * thread, so the computation is started there too: it must return its future without blocking.
   */
  CompletableFuture<@Nullable Object> call(@Nullable Object[] args, AsyncComputation computation) {
    CallMode mode = CallMode.take();
    if (parts.bypasses(args, mode)) {
      return loader.start(computation);
    }
    byte[] field = parts.field(args);
    if (mode == CallMode.REFRESH) {
      return loader.computeAndStoreAsync(field, parts.commands().lease(field), computation, false);
    }
    String key = parts.nearKey(field);
    NearCopy held = parts.nearHit(key);
    if (held != null) {
      return CompletableFuture.completedFuture(held.value());
    }
    NearRead read = parts.beginRead(key);
    // The lease key is built only for calls that go to Redis: a near hit allocates nothing for it.
    byte[] lease = parts.commands().lease(field);
    return parts.executor().executeAsync(parts.commands().read(field, lease))
        .handle((reply, error) -> error == null
            ? afterRead(field, lease, reply, read, computation)
            : afterReadFailed(field, lease, Futures.unwrap(error), computation))
        .thenCompose(future -> future);
  }

  private CompletableFuture<@Nullable Object> afterReadFailed(byte[] field, byte[] lease, Throwable error,
      AsyncComputation computation) {
    if (!(error instanceof RecallException e)) {
      return CompletableFuture.failedFuture(error);
    }
    if (!(e instanceof RecallCommandException c) || !Memoizer.isForeignType(c)) {
      return loader.failOpenAsync(e, computation);
    }
    // As in call: a pair holding a foreign type is removed, and the call is a miss.
    parts.dropAllLocal();
    return parts.executor().executeAsync(parts.commands().dropPair())
        .handle((removed, cleared) -> {
          if (cleared != null) {
            Throwable cause = Futures.unwrap(cleared);
            return cause instanceof RecallException r
                ? loader.failOpenAsync(r, computation) : CompletableFuture.<@Nullable Object>failedFuture(cause);
          }
          parts.stats().corrupt(parts.name(), "the keys of its pair (a key held a foreign type)", e);
          return missed(field, lease, ReadReply.Miss.NO_LEASE_ASKED, computation);
        })
        .thenCompose(future -> future);
  }

  private CompletableFuture<@Nullable Object> afterRead(byte[] field, byte[] lease, @Nullable Object raw,
      @Nullable NearRead read, AsyncComputation computation) {
    ReadReply reply;
    try {
      reply = ReadReply.parse(raw);
    } catch (RecallException e) {
      return loader.failOpenAsync(e, computation);
    }
    if (!(reply instanceof ReadReply.Hit hit)) {
      return missed(field, lease, (ReadReply.Miss) reply, computation);
    }
    Object value;
    try {
      value = parts.hit(hit, read);
    } catch (RecallCodecException e) {
      // The removal ends before the computation starts, so it can never remove the recomputed value.
      return loader.removeCorruptAsync(field, e)
          .thenCompose(removed -> missed(field, lease, hit.unreadable(), computation));
    }
    if (hit.refreshDue()) {
      refreshAhead(field, lease, computation);
    }
    return CompletableFuture.completedFuture(value);
  }

  private CompletableFuture<@Nullable Object> missed(byte[] field, byte[] lease, ReadReply.Miss miss,
      AsyncComputation computation) {
    parts.stats().miss(parts.name());
    return load(field, lease, miss, computation);
  }

  /** {@link Memoizer}'s refresh ahead: the caller holds the lease and goes on with the current value. */
  private void refreshAhead(byte[] field, byte[] lease, AsyncComputation computation) {
    loader.computeAndStoreAsync(field, lease, computation, true)
        .whenComplete((value, error) -> parts.stats().refresh(parts.name(), error == null));
  }

  /**
   * Single flight as in {@link Memoizer}: the first caller of a key computes (or waits for another process), and with
   * a stale fallback a failed recomputation completes with the stale value instead.
   */
  private CompletableFuture<@Nullable Object> load(byte[] field, byte[] lease, ReadReply.Miss miss,
      AsyncComputation computation) {
    CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
    CompletableFuture<@Nullable Object> leader = parts.inFlight().join(field, mine);
    if (leader != null && !miss.holdsLease()) {
      Object event = RecallEvents.beginStampedeWait();
      long start = System.nanoTime();
      // A dependent future of the caller's own: cancelling it leaves the shared one running.
      return leader.whenComplete((value, error) ->
          parts.stats().stampedeWait(parts.name(), System.nanoTime() - start, false, event));
    }
    CompletableFuture<@Nullable Object> result = miss.othersLease()
        ? waitForOtherProcess(field, lease, miss.lease(), computation)
        : loader.computeAndStoreAsync(field, lease, computation, miss.holdsLease());
    result.whenComplete((value, error) -> {
      if (error == null) {
        mine.complete(value);
      } else if (miss.stale() != null && !(Futures.unwrap(error) instanceof Error)) {
        try {
          mine.complete(loader.staleInstead(miss.stale(), Futures.unwrap(error)));
        } catch (Throwable unreadable) {
          mine.completeExceptionally(unreadable);
        }
      } else {
        mine.completeExceptionally(Futures.unwrap(error));
      }
      if (leader == null) {
        parts.inFlight().leave(field, mine);
      }
    });
    return mine.copy();
  }

  /**
   * {@link Memoizer}'s wait for another process without a thread per waiter: each poll of the read script is
   * scheduled after the same growing pause, and the wait ends as there, with the stored value or this caller's own
   * computation.
   */
  private CompletableFuture<@Nullable Object> waitForOtherProcess(byte[] field, byte[] lease, long leaseLeft,
      AsyncComputation computation) {
    CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
    poll(new Poll(field, lease, computation, result, new LeaseWait(leaseLeft, parts.config().leaseTime())));
    return result;
  }

  /** One asynchronous wait for another process's value; its polls run one after the other. */
  private record Poll(byte[] field, byte[] lease, AsyncComputation computation,
      CompletableFuture<@Nullable Object> result, LeaseWait timing) {}

  private void poll(Poll poll) {
    if (poll.timing().timedOut()) {
      poll.timing().end(parts.stats(), parts.name(), true);
      forward(loader.computeAndStoreAsync(poll.field(), poll.lease(), poll.computation(), false), poll.result());
      return;
    }
    Executor later = CompletableFuture.delayedExecutor(poll.timing().nextPause(), TimeUnit.MILLISECONDS, POLLS);
    later.execute(() -> {
      long polled = System.nanoTime();
      parts.executor().executeAsync(parts.commands().read(poll.field(), poll.lease()))
          .whenComplete((reply, error) -> {
            try {
              afterPoll(poll, polled, reply, error);
            } catch (RuntimeException e) {
              // Nothing else would complete the waiter's future: an unexpected failure must reach it.
              poll.result().completeExceptionally(e);
            }
          });
    });
  }

  /** Ends the wait with the polled reply, or schedules the next poll while the other process still computes. */
  private void afterPoll(Poll poll, long polled, @Nullable Object raw, @Nullable Throwable error) {
    LeaseWait wait = poll.timing();
    ReadReply reply = null;
    if (error == null) {
      try {
        reply = ReadReply.parse(raw);
      } catch (RecallException e) {
        error = e;
      }
    }
    if (reply == null) {
      wait.end(parts.stats(), parts.name(), false);
      Throwable cause = Futures.unwrap(error);
      forward(cause instanceof RecallException e
          ? loader.failOpenAsync(e, poll.computation()) : CompletableFuture.failedFuture(cause), poll.result());
    } else if (reply instanceof ReadReply.Hit hit) {
      wait.end(parts.stats(), parts.name(), false);
      try {
        poll.result().complete(Envelope.decode(hit.stored(), parts.codec()));
        if (hit.refreshDue()) {
          refreshAhead(poll.field(), poll.lease(), poll.computation());
        }
      } catch (RecallCodecException e) {
        forward(loader.removeCorruptAsync(poll.field(), e).thenCompose(removed -> loader.computeAndStoreAsync(
            poll.field(), poll.lease(), poll.computation(), hit.refreshDue())), poll.result());
      }
    } else if (reply instanceof ReadReply.Miss miss && miss.othersLease()) {
      // A stale entry means the other process has not stored yet: only who holds the lease matters.
      wait.stillHeld(polled, miss.lease());
      poll(poll);
    } else {
      ReadReply.Miss miss = (ReadReply.Miss) reply;
      wait.end(parts.stats(), parts.name(), wait.lapsed());
      forward(loader.computeAndStoreAsync(poll.field(), poll.lease(), poll.computation(), miss.holdsLease()),
          poll.result());
    }
  }

  private static void forward(CompletableFuture<@Nullable Object> from, CompletableFuture<@Nullable Object> to) {
    from.whenComplete((value, error) -> {
      if (error == null) {
        to.complete(value);
      } else {
        to.completeExceptionally(Futures.unwrap(error));
      }
    });
  }
}
