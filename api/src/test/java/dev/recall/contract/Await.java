package dev.recall.contract;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds, failing the test with what was awaited once the bound has passed. */
final class Await {
  private Await() {}

  /**
   * Returns once {@code condition} holds, polling every 10 ms.
   *
   * @throws AssertionError when it still does not hold after {@code bound}, naming {@code what}
   * @throws InterruptedException when the test thread is interrupted while waiting
   */
  static void until(Duration bound, BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + bound.toSeconds() + " s waiting for " + what.get());
      }
      Thread.sleep(10);
    }
  }
}
