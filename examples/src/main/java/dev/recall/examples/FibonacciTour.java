package dev.recall.examples;

import dev.recall.RecallClient;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionCacheStats;
import java.io.PrintStream;
import java.util.function.Function;

/** The tour's function cache part: a recursive Fibonacci memoized in Redis, with its hit and miss counts. */
final class FibonacciTour {
  private FibonacciTour() {}

  static void run(RecallClient client, PrintStream out) {
    out.println();
    out.println("== Function cache: memoize a recursive Fibonacci in Redis ==");
    FunctionCache cache = client.functionCache(
        FunctionCacheConfig.builder("tour-fib").policy(EvictionPolicy.LRU).maxSize(1_000).build());
    cache.clear();
    Function<Integer, Long>[] fib = new Function[1];
    fib[0] = cache.memoize("fib", Long.class, n -> n < 2 ? (long) n : fib[0].apply(n - 1) + fib[0].apply(n - 2));
    out.println("fib(80) -> " + fib[0].apply(80));
    FunctionCacheStats first = cache.stats();
    out.println("first call: hits=" + first.hits() + " misses=" + first.misses() + " (each n computed once)");
    out.println("fib(80) again -> " + fib[0].apply(80));
    FunctionCacheStats second = cache.stats();
    out.println("second call: hits=" + (second.hits() - first.hits()) + " misses="
        + (second.misses() - first.misses()) + " (one round trip)");
    out.println("entries held in Redis: " + cache.size());
    cache.clear();
  }
}
