package dev.recall.examples;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionCacheStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The README's refresh-ahead and stale-if-error example, kept here so it always compiles; {@code FreshValuesTest}
 * runs it. Its durations are short so that it runs in a few seconds; the README shows minutes.
 */
final class FreshValues {
  private FreshValues() {}

  /** A price quote as a market-data feed returns it. */
  record Quote(String symbol, int version) {}

  /** Stands for a remote feed that can go down; counts its calls. */
  static final class QuoteFeed {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicBoolean down = new AtomicBoolean();

    Quote latest(String symbol) {
      int call = calls.incrementAndGet();
      if (down.get()) {
        throw new IllegalStateException("feed unavailable");
      }
      return new Quote(symbol, call);
    }
  }

  /** What the example saw: each call's quote, in order, and the cache's counts at the end. */
  record Outcome(List<Quote> quotes, FunctionCacheStats stats) {}

  /** Runs the example. */
  static Outcome run(RedisConfig config, String driver) throws InterruptedException {
    QuoteFeed feed = new QuoteFeed();
    List<Quote> seen = new ArrayList<>();
    try (RecallClient recall = Recall.connect(config, driver)) {
      FunctionCache quotes = recall.functionCache(FunctionCacheConfig.builder("quotes")
          .ttl(Duration.ofSeconds(2))
          .refreshAfterWrite(Duration.ofMillis(200))   // a read after this returns at once and refreshes once
          .staleIfError(Duration.ofSeconds(30))        // after expiry, a failing recompute returns the old value
          .build());
      Function<String, Quote> quote = quotes.memoize("quote", Quote.class, symbol -> feed.latest(symbol));

      seen.add(quote.apply("ACME"));                   // miss: version 1
      Thread.sleep(250);
      seen.add(quote.apply("ACME"));                   // version 1 at once; one refresh starts, fleet-wide
      seen.add(waitForVersion(quote, 2));              // the refresh stored version 2
      feed.down.set(true);
      Thread.sleep(2_100);                             // version 2 expires
      seen.add(quote.apply("ACME"));                   // the feed fails: version 2, stale, instead of the error
      return new Outcome(seen, quotes.stats());
    }
  }

  private static Quote waitForVersion(Function<String, Quote> quote, int version) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Quote current = quote.apply("ACME");
    while (current.version() < version && System.nanoTime() < deadline) {
      Thread.sleep(5);
      current = quote.apply("ACME");
    }
    return current;
  }
}
