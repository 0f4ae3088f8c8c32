package dev.recall.nearcache;

import dev.recall.contract.Await;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionEntries;
import dev.recall.testkit.RedisTarget;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the near cache's tests observe of one call: whether the near cache answered it (its cache's
 * {@code stats().nearHits()} moved), when it started and ended, and how many scripts the server ran. Calls must not
 * run concurrently on the same cache, or one call could be credited with another's near hit.
 */
final class NearCalls {
  /** How long a test waits for what only a live subscription or a machine under load can bring. */
  static final Duration BOUND = Duration.ofSeconds(30);

  private static final Pattern EVALSHA_CALLS = Pattern.compile("cmdstat_evalsha:calls=(\\d+)");

  private NearCalls() {}

  /**
   * One call, timed on {@link System#nanoTime()}.
   *
   * @param near whether the near cache answered it
   * @param error what the call threw, when it threw ({@code value} is then {@code null})
   */
  record Timed<T>(@Nullable T value, boolean near, long start, long end, @Nullable RuntimeException error) {}

  /** Runs {@code call} once, noting whether the near cache of {@code cache} answered it; its exception comes out. */
  static <T> Timed<T> timed(FunctionCache cache, Supplier<T> call) {
    long nearHits = cache.stats().nearHits();
    long start = System.nanoTime();
    T value = call.get();
    long end = System.nanoTime();
    return new Timed<>(value, cache.stats().nearHits() > nearHits, start, end, null);
  }

  /** {@link #timed}, with the call's exception kept in the result instead of thrown. */
  static <T> Timed<T> timedQuietly(FunctionCache cache, Supplier<T> call) {
    long nearHits = cache.stats().nearHits();
    long start = System.nanoTime();
    try {
      T value = call.get();
      return new Timed<>(value, cache.stats().nearHits() > nearHits, start, System.nanoTime(), null);
    } catch (RuntimeException e) {
      return new Timed<>(null, false, start, System.nanoTime(), e);
    }
  }

  /**
   * Calls until a call is answered by the near cache (the pair's subscription is live and the value installed) and
   * returns that call's value.
   */
  static <T> T nearHit(FunctionCache cache, Supplier<T> call, String what) throws InterruptedException {
    Object[] last = new Object[1];
    Await.until(BOUND, () -> {
      Timed<T> timed = timed(cache, call);
      last[0] = timed.value();
      return timed.near();
    }, () -> "a near hit of " + what);
    @SuppressWarnings("unchecked")
    T value = (T) last[0];
    return value;
  }

  /**
   * Waits until the client of {@code here} has taken every invalidation of the pair published so far, its own
   * included (which arrive after its writes return and would drop what it installs next). The pair's channel
   * delivers in order, so once an invalidation published later, of a sentinel whose near copy {@code here} holds,
   * has dropped that copy, the earlier ones were taken too. {@code there} is another client's view of the same
   * entries, which publishes the sentinel's invalidation.
   */
  static void awaitInvalidationsTaken(FunctionCache mine, FunctionEntries<String> here,
      FunctionEntries<String> there) throws InterruptedException {
    there.put("sentinel", "sentinel");
    nearHit(mine, () -> here.getIfPresent("sentinel"), "the sentinel here");
    there.invalidate("sentinel");
    Await.until(BOUND, () -> !timed(mine, () -> here.getIfPresent("sentinel")).near(),
        () -> "the sentinel's invalidation to reach this client");
  }

  /** The scripts the server ran so far ({@code EVALSHA} calls, from {@code INFO commandstats}). */
  static long evalshaCalls(RedisTarget server) {
    Matcher matcher = EVALSHA_CALLS.matcher(String.valueOf(server.command("INFO", "commandstats")));
    return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
  }
}
