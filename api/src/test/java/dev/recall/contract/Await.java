package dev.recall.contract;

import dev.recall.testkit.RedisTarget;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Polls a condition until it holds, failing the test with what was awaited once the bound has passed. Public for the
 * driver modules' own tests.
 */
public final class Await {
  private static final Pattern BLOCKED = Pattern.compile("blocked_clients:(\\d+)");

  private Await() {}

  /**
   * Returns once {@code condition} holds, polling every 10 ms.
   *
   * @throws AssertionError when it still does not hold after {@code bound}, naming {@code what}
   * @throws InterruptedException when the test thread is interrupted while waiting
   */
  public static void until(Duration bound, BooleanSupplier condition, Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + bound.toSeconds() + " s waiting for " + what.get());
      }
      Thread.sleep(10);
    }
  }

  /**
   * Returns once the server (every master of a cluster, summed) has at least {@code count} clients blocked in a
   * blocking command such as {@code BLPOP}: a call sent asynchronously has then reached the server.
   *
   * @throws AssertionError when there are fewer after 10 seconds
   * @throws InterruptedException when the test thread is interrupted while waiting
   */
  public static void blockedClients(RedisTarget server, int count) throws InterruptedException {
    until(Duration.ofSeconds(10), () -> blockedClients(server) >= count,
        () -> count + " blocked client(s) on the server, found " + blockedClients(server));
  }

  private static long blockedClients(RedisTarget server) {
    long blocked = 0;
    for (Object info : server.commandOnEveryNode("INFO", "clients")) {
      Matcher matcher = BLOCKED.matcher(String.valueOf(info));
      blocked += matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }
    return blocked;
  }
}
