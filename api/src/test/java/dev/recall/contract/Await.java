package dev.recall.contract;

import dev.recall.testkit.RedisTarget;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Polls a condition until it holds, failing the test with what was awaited once the bound has passed: the one way
 * Recall's tests wait for something to happen. Public for the other modules' tests, which get it from the api
 * test-jar.
 *
 * <p>A fixed sleep belongs in a test only where the time itself is the point (a computation whose duration is
 * measured, or a pause during which something must <em>not</em> happen), with a comment saying so.
 */
public final class Await {
  private static final Pattern BLOCKED = Pattern.compile("blocked_clients:(\\d+)");
  private static final long POLL_MILLIS = 10;

  private Await() {}

  /**
   * Returns once {@code condition} holds, evaluating it every 10 ms on the calling thread.
   *
   * @throws AssertionError when it still does not hold after {@code bound}, naming {@code what}
   * @throws InterruptedException when the test thread is interrupted while waiting
   */
  public static void until(Duration bound, BooleanSupplier condition, Supplier<String> what)
      throws InterruptedException {
    poll(bound, condition::getAsBoolean, Boolean::booleanValue, last -> what.get());
  }

  /**
   * Returns the first value of {@code value} that {@code accepted} holds for, reading it every 10 ms on the calling
   * thread: for a wait whose last reading the test goes on to check.
   *
   * @throws AssertionError when no value read within {@code bound} is accepted, naming {@code what} and the last value
   * @throws InterruptedException when the test thread is interrupted while waiting
   */
  public static <T> T until(Duration bound, Supplier<T> value, Predicate<? super T> accepted, Supplier<String> what)
      throws InterruptedException {
    return poll(bound, value, accepted, last -> what.get() + "; last value: " + last);
  }

  private static <T> T poll(Duration bound, Supplier<T> value, Predicate<? super T> accepted,
      Function<T, String> what) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      T last = value.get();
      if (accepted.test(last)) {
        return last;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + format(bound) + " waiting for " + what.apply(last));
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private static String format(Duration bound) {
    return bound.toMillis() % 1000 == 0 ? bound.toSeconds() + " s" : bound.toMillis() + " ms";
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
