package dev.recall.streams.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A consumer's stop request, shared by its parts: once raised, readers read no more, the handler pool waits for
 * handlers in flight only until the deadline, and settlement stops retrying lost acknowledgements. Thread-safe.
 */
final class StopSignal {
  private final CountDownLatch raised = new CountDownLatch(1);
  private volatile boolean stopping;
  private volatile long deadlineNanos;

  /** Raises the signal; handlers in flight get until {@code deadlineNanos}, on {@link System#nanoTime()}'s scale. */
  void raise(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
    stopping = true;
    raised.countDown();
  }

  boolean isRaised() {
    return stopping;
  }

  /** The deadline for handlers in flight; meaningful once {@link #isRaised()}. */
  long deadlineNanos() {
    return deadlineNanos;
  }

  /**
   * Waits up to {@code millis} for the signal and returns whether it was raised.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  boolean await(long millis) throws InterruptedException {
    return raised.await(millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Waits for the signal.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  void await() throws InterruptedException {
    raised.await();
  }
}
