package dev.recall.jmh;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.NearCacheConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The near cache's invalidation lag on loopback: client A refreshes a key (its store publishes the overwrite); from
 * the moment A's refresh returns, client B (another connection, as another JVM would have) reads the key in a loop
 * until a read is no longer a near hit, that is until the invalidation has reached B and dropped its copy. B's next
 * reads install the new value again before the next round; the reading loop yields between reads, so that it does not
 * starve the subscriber's thread on a small machine. Prints p50, p99 and the maximum per driver.
 *
 * <p>Run: {@code java -cp jmh/target/recall-benchmarks.jar dev.recall.jmh.InvalidationLag [--rounds 2000]
 * [--drivers lettuce,jedis] [--csv lag.csv]}
 */
public final class InvalidationLag {
  private InvalidationLag() {}

  /** Runs the rounds for each driver and prints one line each. */
  public static void main(String[] args) throws Exception {
    int rounds = 2_000;
    List<String> drivers = List.of("lettuce", "jedis");
    String csv = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--drivers" -> drivers = List.of(args[i + 1].split(","));
        case "--csv" -> csv = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<String> rows = new ArrayList<>(List.of("driver,rounds,p50_us,p99_us,max_us"));
    try (BenchmarkServer server = BenchmarkServer.start()) {
      for (String driver : drivers) {
        rows.add(run(server, driver, rounds));
      }
    }
    if (csv != null) {
      Files.write(Path.of(csv), rows);
    }
  }

  private static String run(BenchmarkServer server, String driver, int rounds) throws Exception {
    try (RecallClient writer = Recall.connect(server.config(), driver);
        RecallClient reader = Recall.connect(server.config(), driver)) {
      FunctionCacheConfig config = FunctionCacheConfig.builder("lag").nearCache(NearCacheConfig.of(100)).build();
      AtomicLong version = new AtomicLong();
      FunctionCache writes = writer.functionCache(config);
      FunctionCache reads = reader.functionCache(config);
      Function<Long, Long> written = writes.memoize("v", Long.class, n -> version.incrementAndGet());
      Function<Long, Long> read = reads.memoize("v", Long.class, n -> version.incrementAndGet());
      written.apply(0L);
      NearHitBenchmark.awaitNearCopies(reads, n -> String.valueOf(read.apply(n)), 1);
      long[] lags = new long[rounds];
      for (int round = 0; round < rounds; round++) {
        writes.refresh(() -> written.apply(0L));
        long stored = System.nanoTime();
        long gone;
        while (true) {
          long before = reads.stats().nearHits();
          long start = System.nanoTime();
          read.apply(0L);
          if (reads.stats().nearHits() == before) {
            gone = start;
            break;
          }
          // On 2 cores a reader spinning without a pause would starve the subscriber thread it waits for.
          Thread.yield();
        }
        lags[round] = gone - stored;
        // Wait until B holds a copy again, so the next round starts from a near hit.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
          long before = reads.stats().nearHits();
          read.apply(0L);
          if (reads.stats().nearHits() > before) {
            break;
          }
        }
      }
      Arrays.sort(lags);
      double p50 = lags[rounds / 2] / 1e3;
      double p99 = lags[(int) Math.min(rounds - 1, Math.ceil(rounds * 0.99) - 1)] / 1e3;
      double max = lags[rounds - 1] / 1e3;
      System.out.printf(Locale.ROOT, "%-8s rounds=%d invalidation lag p50=%.1f us p99=%.1f us max=%.1f us%n", driver,
          rounds, p50, p99, max);
      return String.format(Locale.ROOT, "%s,%d,%.1f,%.1f,%.1f", driver, rounds, p50, p99, max);
    }
  }
}
