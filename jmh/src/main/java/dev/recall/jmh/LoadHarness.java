package dev.recall.jmh;

import dev.recall.Cache;
import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.spi.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * Virtual-thread load: N virtual threads call one operation in a loop for a fixed time over a skewed key set, and
 * the harness prints throughput and p50/p99/p99.9 latency, the operation beside the raw client of the same driver.
 *
 * <p>Run: {@code java -cp jmh/target/recall-benchmarks.jar dev.recall.jmh.LoadHarness [--threads 1,100,1000,10000]
 * [--seconds 10] [--drivers lettuce,jedis] [--ops raw-get,recall-get,cache-get]}
 */
public final class LoadHarness {
  private static final int KEYS = 10_000;

  private LoadHarness() {}

  /** Runs the configured matrix and prints one line per cell. */
  public static void main(String[] args) throws Exception {
    List<Integer> threads = List.of(1, 100, 1000, 10_000);
    int seconds = 10;
    List<String> drivers = List.of("lettuce", "jedis");
    List<String> ops = List.of("raw-get", "recall-get", "cache-get");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--threads" -> threads = split(args[i + 1]).stream().map(Integer::parseInt).toList();
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--drivers" -> drivers = split(args[i + 1]);
        case "--ops" -> ops = split(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    try (BenchmarkServer server = BenchmarkServer.start()) {
      System.out.printf("%-8s %-11s %7s %12s %9s %9s %9s%n", "driver", "op", "threads", "ops/s", "p50 us",
          "p99 us", "p999 us");
      for (String driver : drivers) {
        for (String op : ops) {
          for (int n : threads) {
            run(server, driver, op, n, Duration.ofSeconds(seconds));
          }
        }
      }
    }
  }

  private static void run(BenchmarkServer server, String driver, String op, int threads, Duration duration)
      throws Exception {
    Driver kind = Driver.valueOf(driver.toUpperCase(Locale.ROOT));
    try (RawClient raw = RawClient.open(kind, server.host(), server.port());
        RecallClient recall = Recall.connect(server.config(), driver)) {
      Cache cache = recall.cache("load");
      byte[][] rawKeys = new byte[KEYS][];
      String[] cacheKeys = new String[KEYS];
      for (int i = 0; i < KEYS; i++) {
        rawKeys[i] = ("load:raw:" + i).getBytes(StandardCharsets.UTF_8);
        raw.set(rawKeys[i], "v".repeat(32).getBytes(StandardCharsets.UTF_8));
        cacheKeys[i] = cache.store("v".repeat(32));
      }
      IntFunction<Object> call = switch (op) {
        case "raw-get" -> i -> raw.get(rawKeys[i]);
        case "recall-get" -> i -> recall.executor().execute(RedisCommands.get(rawKeys[i]));
        case "cache-get" -> i -> cache.get(cacheKeys[i]);
        default -> throw new IllegalArgumentException("unknown op " + op);
      };
      LatencyHistogram histogram = new LatencyHistogram();
      AtomicBoolean running = new AtomicBoolean(true);
      try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          workers.add(executor.submit(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (running.get()) {
              int key = skewed(random);
              long start = System.nanoTime();
              call.apply(key);
              histogram.record(System.nanoTime() - start);
            }
            return null;
          }));
        }
        long start = System.nanoTime();
        Thread.sleep(duration.toMillis());
        running.set(false);
        for (Future<?> worker : workers) {
          worker.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-8s %-11s %7d %12.0f %9.1f %9.1f %9.1f%n", driver, op, threads,
            histogram.count() / elapsed, histogram.percentile(0.5) / 1e3, histogram.percentile(0.99) / 1e3,
            histogram.percentile(0.999) / 1e3);
      }
    }
  }

  /** A Zipf-like skew: most calls go to a few hot keys. */
  private static int skewed(ThreadLocalRandom random) {
    double u = random.nextDouble();
    return (int) Math.min(KEYS - 1, Math.floor(Math.pow(KEYS, u * u)) - 1);
  }

  private static List<String> split(String csv) {
    return List.of(csv.split(","));
  }
}
