package dev.recall.streams.internal;

import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.StreamMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Runs a consumer's handlers on virtual threads, at most {@link ConsumerConfig#concurrency()} at once, and waits
 * for a batch of them: as long as they take while the consumer runs; once it stops, until the stop deadline, after
 * which those still running are interrupted and abandoned (their entries stay pending). Thread-safe.
 */
final class HandlerPool {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final String group;
  private final StreamMetrics metrics;
  private final StopSignal stop;
  private final Semaphore permits;
  private final ExecutorService workers =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("recall-stream-handler-", 0).factory());
  private final AtomicBoolean abandoned = new AtomicBoolean();

  HandlerPool(ConsumerConfig config, StopSignal stop) {
    this.group = config.group();
    this.metrics = config.metrics();
    this.stop = stop;
    this.permits = new Semaphore(config.concurrency());
  }

  /**
   * Starts a handler call once a slot is free. Returns {@code null} when it cannot be started, because the calling
   * thread was interrupted (its flag is set again) or the pool is shut down: the caller then leaves this entry and
   * the rest of its batch pending.
   */
  @Nullable HandlerTask submit(String channel, Delivery delivery, Invocation invocation) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    HandlerTask task = new HandlerTask(delivery, invocation);
    try {
      task.future = workers.submit(() -> run(channel, task));
    } catch (RuntimeException rejected) {
      permits.release();
      return null;
    }
    return task;
  }

  /** Waits for the tasks; once stopping and past the deadline, interrupts the rest and marks them abandoned. */
  void awaitAll(List<HandlerTask> tasks) {
    for (HandlerTask task : tasks) {
      Future<?> future = Objects.requireNonNull(task.future);
      while (!future.isDone()) {
        long slice = POLL_NANOS;
        if (stop.isRaised()) {
          long left = stop.deadlineNanos() - System.nanoTime();
          if (left <= 0) {
            abandonUnfinished(tasks);
            return;
          }
          slice = Math.min(slice, left);
        }
        try {
          future.get(slice, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException | CancellationException e) {
          // loop: checks again for completion and for the deadline
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          abandonUnfinished(tasks);
          return;
        }
      }
    }
  }

  /** Whether any handler was abandoned, unfinished, at a stop. */
  boolean abandonedAny() {
    return abandoned.get();
  }

  /** Starts no more handlers; those running go on. */
  void shutdown() {
    workers.shutdown();
  }

  /** Runs one handler call, timed for the consumer's metrics and for the JFR event {@code dev.recall.StreamHandler}. */
  private void run(String channel, HandlerTask task) {
    Object event = HandlerEvents.begin();
    long start = System.nanoTime();
    try {
      task.invocation.invoke();
    } catch (Throwable e) {
      task.failure = e;
    } finally {
      task.done = true;
      permits.release();
      long nanos = System.nanoTime() - start;
      String message = task.invocation.message().name();
      metrics.handlerLatency(channel, group, message, Duration.ofNanos(nanos), task.failure == null);
      HandlerEvents.end(event, channel, group, message, task.failure == null);
    }
  }

  private void abandonUnfinished(List<HandlerTask> tasks) {
    for (HandlerTask task : tasks) {
      if (Objects.requireNonNull(task.future).cancel(true) || !task.done) {
        task.abandoned = true;
        abandoned.set(true);
      }
    }
  }
}
