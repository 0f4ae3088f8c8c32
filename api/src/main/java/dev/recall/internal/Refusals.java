package dev.recall.internal;

import dev.recall.RecallCommandException;
import dev.recall.RecallConnectionException;
import dev.recall.RecallTimeoutException;
import dev.recall.spi.Command;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Sends a command again, after a short growing pause, while the server refuses it without running it: {@code TRYAGAIN}
 * (a multi-key command or script whose keys are split between the two nodes of a slot being migrated),
 * {@code LOADING} (a node still loading its data), {@code CLUSTERDOWN} (the cluster briefly down, during a failover)
 * and {@code MASTERDOWN} (a replica that lost its master), and a {@code MOVED} or {@code ASK} redirection that reached
 * the executor (the drivers follow them, but a resend racing the end of a slot migration can still meet one; the
 * driver's slot map is refreshed by then). Redis answers these before it executes anything, so a
 * resend cannot apply a command twice; a script that fails inside the cluster checks of {@code redis.call} gets an
 * {@code ERR} reply instead, so a script that may have written never carries one of these codes.
 *
 * <p>A command marked {@linkplain Command#isResendable() resendable} (running it twice does what running it once
 * does) is also resent when its connection failed before its reply came, since it is safe whether or not it ran;
 * any other command that lost its connection may have run, so it is not resent and its caller gets the failure. A
 * timeout is never resent: it has spent the budget already.
 *
 * <p>The pause starts at 1 ms and doubles up to 50 ms; once the next pause would end later than the budget after the
 * first refusal, the last refusal is returned. Each resend is counted ({@link #retries()}) and logged at
 * {@code DEBUG} on the {@code dev.recall.retry} logger. Thread-safe.
 */
final class Refusals {
  /** The budget when no client config says otherwise: the default command timeout. */
  static final Duration DEFAULT_BUDGET = Duration.ofSeconds(2);

  private static final System.Logger LOG = System.getLogger("dev.recall.retry");
  private static final Set<String> CODES = Set.of("TRYAGAIN", "LOADING", "CLUSTERDOWN", "MASTERDOWN", "MOVED", "ASK");
  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final long budgetNanos;
  private final LongAdder retries = new LongAdder();

  /** Resends refused commands for up to {@code budget} after their first refusal. */
  Refusals(Duration budget) {
    if (budget.isNegative()) {
      throw new IllegalArgumentException("budget must not be negative, got " + budget);
    }
    this.budgetNanos = budget.toNanos();
  }

  /** Whether a reply (or failure) is an error reply by which the server refused a command without running it. */
  static boolean isRefusal(@Nullable Object replyOrFailure) {
    return replyOrFailure instanceof RecallCommandException error && CODES.contains(error.errorCode());
  }

  /**
   * Whether {@code command} may be sent again after this reply (or failure): a refusal, or a lost connection of a
   * resendable command.
   */
  static boolean shouldResend(Command<?> command, @Nullable Object replyOrFailure) {
    return isRefusal(replyOrFailure) || isCut(command, replyOrFailure);
  }

  /** Whether a resendable command failed for its connection, not its time: a resend may still succeed in time. */
  static boolean isCut(Command<?> command, @Nullable Object failure) {
    return command.isResendable() && failure instanceof RecallConnectionException
        && !(failure instanceof RecallTimeoutException);
  }

  /** Returns the number of resends since this was made. */
  long retries() {
    return retries.sum();
  }

  /**
   * Returns {@code first} unless it is a refusal; else sleeps and calls {@code again} until its reply is not a
   * refusal or the budget is spent, and returns the last reply. The replies are raw replies or
   * {@link RecallCommandException} values, never thrown. An interrupt ends the pauses at once (the flag stays set)
   * and returns the last refusal.
   */
  @Nullable Object retry(Command<?> command, @Nullable Object first, Supplier<@Nullable Object> again) {
    if (!shouldResend(command, first)) {
      return first;
    }
    long deadline = System.nanoTime() + budgetNanos;
    Object reply = first;
    for (long pause = FIRST_PAUSE_NANOS; shouldResend(command, reply) && mayPause(deadline, pause);
        pause = next(pause)) {
      try {
        TimeUnit.NANOSECONDS.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return reply;
      }
      count(command, reply);
      reply = again.get();
    }
    return reply;
  }

  /**
   * The non-blocking {@link #retry}: the pauses are timed by {@link CompletableFuture#delayedExecutor}, so no thread
   * waits them out; {@code again} is called on that executor's thread and should only send.
   */
  CompletableFuture<@Nullable Object> retryAsync(
      Command<?> command, @Nullable Object first, Supplier<CompletableFuture<@Nullable Object>> again) {
    if (!shouldResend(command, first)) {
      return CompletableFuture.completedFuture(first);
    }
    return retryAsync(command, first, again, System.nanoTime() + budgetNanos, FIRST_PAUSE_NANOS);
  }

  private CompletableFuture<@Nullable Object> retryAsync(Command<?> command, @Nullable Object refused,
      Supplier<CompletableFuture<@Nullable Object>> again, long deadline, long pause) {
    if (!mayPause(deadline, pause)) {
      return CompletableFuture.completedFuture(refused);
    }
    return CompletableFuture.supplyAsync(() -> {
          count(command, refused);
          return again.get();
        }, CompletableFuture.delayedExecutor(pause, TimeUnit.NANOSECONDS))
        .thenCompose(future -> future)
        .thenCompose(reply -> shouldResend(command, reply)
            ? retryAsync(command, reply, again, deadline, next(pause))
            : CompletableFuture.completedFuture(reply));
  }

  private static boolean mayPause(long deadline, long pause) {
    return deadline - System.nanoTime() - pause >= 0;
  }

  private static long next(long pause) {
    return Math.min(pause * 2, MAX_PAUSE_NANOS);
  }

  private void count(Command<?> command, @Nullable Object refused) {
    retries.increment();
    if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
      String why = refused instanceof RecallCommandException error
          ? "refused with " + error.reply() : "after its connection failed: " + refused;
      LOG.log(System.Logger.Level.DEBUG, "resending " + command.name() + " " + why);
    }
  }
}
