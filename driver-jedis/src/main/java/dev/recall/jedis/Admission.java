package dev.recall.jedis;

import dev.recall.RecallConnectionException;
import dev.recall.RecallTimeoutException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admits at most {@code poolSize} non-blocking callers at once, in arrival order, and refuses everyone once closed:
 * thousands of virtual threads racing into commons-pool's {@code create} collapse its throughput, a fair semaphore
 * in front of it does not.
 */
final class Admission {
  private final Semaphore permits;
  private final int size;
  private final long timeoutNanos;
  private final String server;
  private final AtomicBoolean closed = new AtomicBoolean();

  Admission(int size, Duration timeout, String server) {
    this.permits = new Semaphore(size, true);
    this.size = size;
    this.timeoutNanos = timeout.toNanos();
    this.server = server;
  }

  /** Waits for a permit; the caller must {@link #release()} it. */
  void admit(String command) {
    checkOpen(command);
    try {
      if (!permits.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
        throw busy(command);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RecallConnectionException("interrupted while waiting for a connection for " + command, e);
    }
  }

  /**
   * Takes a permit if one is free now and no caller of {@link #admit} waits for one (they keep their turn); the
   * caller must {@link #release()} it.
   */
  boolean tryAdmit() {
    try {
      return permits.tryAcquire(0, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** How long a caller may wait for a permit: the connect timeout plus the command timeout. */
  long timeoutNanos() {
    return timeoutNanos;
  }

  /** The failure of a caller that waited {@link #timeoutNanos()} without getting a connection. */
  RecallTimeoutException busy(String command) {
    return new RecallTimeoutException("all " + size + " connections to Redis at " + server
        + " stayed busy; " + command + " waited " + Duration.ofNanos(timeoutNanos), null);
  }

  void release() {
    permits.release();
  }

  void checkOpen(String command) {
    if (closed.get()) {
      throw new RecallConnectionException("the Recall client is closed; cannot send " + command, null);
    }
  }

  /** Refuses further callers; returns whether this call closed it. */
  boolean close() {
    return closed.compareAndSet(false, true);
  }
}
