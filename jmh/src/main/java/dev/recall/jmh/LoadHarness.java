package dev.recall.jmh;

import dev.recall.Cache;
import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.NearCacheConfig;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.policies.LruPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Virtual-thread load: N virtual threads call one operation in a loop for a fixed time over a skewed key set, and
 * the harness prints throughput and p50/p99/p99.9 latency, the operation beside the raw client of the same driver,
 * then {@code redis-benchmark} GET with the same number of connections (one request in flight each, as each virtual
 * thread has, so no pipelining) on the same server when it is on the PATH. Operations: {@code raw-get} (the
 * driver's own client), {@code memo-hit} (a memoized function, LRU, every key cached), {@code recall-get} (GET
 * through Recall's executor), {@code cache-get} (the plain cache), {@code near-hit} (the memoized function with a
 * near cache: no Redis command once the copies are installed), and two without a thread per caller:
 * {@code memo-hit-async} ({@code memoizeAsync} of the same function) and {@code raw-get-async} (the driver's own async
 * GET), where N callers each issue their next call when their last one completes, so N calls are in flight on a
 * few threads.
 *
 * <p>Run: {@code java -cp jmh/target/recall-benchmarks.jar dev.recall.jmh.LoadHarness [--threads 1,100,1000,10000]
 * [--seconds 4] [--drivers lettuce,jedis] [--ops raw-get,recall-get,memo-hit] [--csv results.csv]}. It ends with
 * the server's own ceiling for GET and for the hit script, measured by {@code redis-benchmark} with pipelining.
 */
public final class LoadHarness {
  private static final int KEYS = 10_000;

  private LoadHarness() {}

  /** Runs the configured matrix and prints one line per cell. */
  public static void main(String[] args) throws Exception {
    List<Integer> threads = List.of(1, 100, 1000, 10_000);
    int seconds = 4;
    List<String> drivers = List.of("lettuce", "jedis");
    List<String> ops = List.of("raw-get", "recall-get", "memo-hit");
    String csv = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--threads" -> threads = split(args[i + 1]).stream().map(Integer::parseInt).toList();
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--drivers" -> drivers = split(args[i + 1]);
        case "--ops" -> ops = split(args[i + 1]);
        case "--csv" -> csv = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<String> rows = new ArrayList<>();
    rows.add("driver,op,threads,ops_per_s,p50_us,p99_us,p999_us");
    try (BenchmarkServer server = BenchmarkServer.start()) {
      System.out.printf("%-15s %-14s %7s %12s %9s %9s %9s%n", "driver", "op", "callers", "ops/s", "p50 us",
          "p99 us", "p999 us");
      for (String driver : drivers) {
        for (String op : ops) {
          for (int n : threads) {
            rows.add(run(server, driver, op, n, Duration.ofSeconds(seconds)));
          }
        }
      }
      for (int n : threads) {
        rows.addAll(redisBenchmark(server, n, seconds));
      }
      rows.addAll(serverCeiling(server));
    }
    if (csv != null) {
      java.nio.file.Files.write(java.nio.file.Path.of(csv), rows);
    }
  }

  /**
   * Runs {@code redis-benchmark} GET with {@code connections} clients and no pipelining over the same number of
   * keys, sized to run for about {@code seconds} at the first run's rate; returns its CSV row, or none when it is
   * not on the PATH (which it says).
   */
  private static List<String> redisBenchmark(BenchmarkServer server, int connections, int seconds)
      throws Exception {
    return redisBenchmark(server, "get", connections, 1, Math.max(50_000, 25_000 * seconds),
        List.of("-t", "get", "-d", "32"));
  }

  /**
   * The server's own ceiling for the two operations the harness compares, with the client's cost taken out:
   * {@code redis-benchmark} with 50 connections pipelining 16 requests each runs {@code GET} and then the LRU read
   * script of a hit (the script a memoized hit runs, {@code EVALSHA} on a hash of 10,000 entries) on the same
   * server. Their ratio bounds {@code memo-hit} against {@code raw-get} once Redis, not the client, is the
   * bottleneck.
   */
  private static List<String> serverCeiling(BenchmarkServer server) throws Exception {
    String script = new LruPolicy().read().source();
    String sha = String.valueOf(server.command("SCRIPT", "LOAD", script));
    for (int from = 0; from < KEYS; from += 500) {
      List<String> hset = new ArrayList<>(List.of("HSET", "ceiling:data"));
      List<String> zadd = new ArrayList<>(List.of("ZADD", "ceiling:order"));
      List<String> mset = new ArrayList<>(List.of("MSET"));
      for (int i = from; i < Math.min(KEYS, from + 500); i++) {
        // redis-benchmark replaces __rand_int__ with a 12-digit, zero-padded number below -r; its GET reads key:N.
        String field = String.format(Locale.ROOT, "field:%012d", i);
        hset.addAll(List.of(field, "v".repeat(32)));
        zadd.addAll(List.of(Integer.toString(i), field));
        mset.addAll(List.of(String.format(Locale.ROOT, "key:%012d", i), "v".repeat(32)));
      }
      server.command(hset.toArray(String[]::new));
      server.command(zadd.toArray(String[]::new));
      server.command(mset.toArray(String[]::new));
    }
    List<String> rows = new ArrayList<>(redisBenchmark(server, "get-pipelined-16", 50, 16, 2_000_000,
        List.of("-t", "get", "-d", "32")));
    rows.addAll(redisBenchmark(server, "hit-script-pipelined-16", 50, 16, 1_000_000, List.of("EVALSHA", sha, "5",
        "ceiling:data", "ceiling:order", "ceiling:expiry", "ceiling:seq", "ceiling:lease", "field:__rand_int__", "0",
        "token", "0")));
    return rows;
  }

  /** Runs {@code redis-benchmark} and returns its result as a CSV row of the harness, or none when it failed. */
  private static List<String> redisBenchmark(BenchmarkServer server, String op, int connections, int pipeline,
      int requests, List<String> test) throws Exception {
    List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", server.host(), "-p",
        String.valueOf(server.port()), "-c", String.valueOf(connections), "-P", String.valueOf(pipeline),
        "-r", String.valueOf(KEYS), "--csv", "-n", String.valueOf(requests)));
    command.addAll(test);
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      System.out.printf("%-15s %-17s %7d   not run: redis-benchmark is not on the PATH%n", "redis-benchmark",
          op, connections);
      return List.of();
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      System.out.printf("%-15s %-17s %7d   failed: %s%n", "redis-benchmark", op, connections, output.strip());
      return List.of();
    }
    // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max..."
    for (String line : output.split("\\R")) {
      if (line.startsWith("\"") && !line.startsWith("\"test\"")) {
        String[] cells = line.substring(line.indexOf("\",\"") + 2).replace("\"", "").split(",");
        double rps = Double.parseDouble(cells[0]);
        double p50 = Double.parseDouble(cells[3]) * 1000;
        double p99 = Double.parseDouble(cells[5]) * 1000;
        System.out.printf("%-15s %-17s %7d %12.0f %9.1f %9.1f %9s%n", "redis-benchmark", op, connections, rps,
            p50, p99, "n/a");
        return List.of(String.format(Locale.ROOT, "redis-benchmark,%s,%d,%.0f,%.1f,%.1f,", op, connections, rps,
            p50, p99));
      }
    }
    System.out.printf("%-15s %-17s %7d   no result line in: %s%n", "redis-benchmark", op, connections,
        output.strip());
    return List.of();
  }

  private static String run(BenchmarkServer server, String driver, String op, int threads, Duration duration)
      throws Exception {
    Driver kind = Driver.valueOf(driver.toUpperCase(Locale.ROOT));
    try (RawClient raw = RawClient.open(kind, server.host(), server.port());
        RecallClient recall = Recall.connect(server.config(), driver)) {
      Cache cache = recall.cache("load");
      byte[][] rawKeys = new byte[KEYS][];
      String[] cacheKeys = new String[KEYS];
      Long[] memoKeys = new Long[KEYS];
      String value = "v".repeat(32);
      for (int i = 0; i < KEYS; i++) {
        rawKeys[i] = ("load:raw:" + i).getBytes(StandardCharsets.UTF_8);
        memoKeys[i] = (long) i;
      }
      if (op.equals("raw-get") || op.equals("recall-get")) {
        for (byte[] key : rawKeys) {
          raw.set(key, value.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (op.equals("cache-get")) {
        for (int i = 0; i < KEYS; i++) {
          cacheKeys[i] = cache.store(value);
        }
      }
      Function<Long, String> memoized = recall.functionCache(FunctionCacheConfig.builder("load")
          .policy(EvictionPolicy.LRU).maxSize(KEYS).build()).memoize("load", String.class, n -> value);
      if (op.equals("memo-hit")) {
        EvictionBenchmark.fill(memoized, KEYS);
      }
      Function<Long, String> near = null;
      if (op.equals("near-hit")) {
        FunctionCache nearCache = recall.functionCache(FunctionCacheConfig.builder("load-near")
            .policy(EvictionPolicy.LRU).maxSize(KEYS).nearCache(NearCacheConfig.of(KEYS)).build());
        near = nearCache.memoize("load", String.class, n -> value);
        NearHitBenchmark.awaitNearCopies(nearCache, near, KEYS);
      }
      Function<Long, String> nearHit = near;
      Function<Long, CompletableFuture<String>> memoizedAsync = recall.functionCache(FunctionCacheConfig.builder("load")
          .policy(EvictionPolicy.LRU).maxSize(KEYS).build())
          .memoizeAsync("load", String.class, n -> CompletableFuture.completedFuture(value));
      if (op.equals("memo-hit-async")) {
        EvictionBenchmark.fill(memoized, KEYS);
      }
      if (op.equals("raw-get-async")) {
        for (byte[] key : rawKeys) {
          raw.set(key, value.getBytes(StandardCharsets.UTF_8));
        }
      }
      IntFunction<CompletableFuture<?>> asyncCall = switch (op) {
        case "memo-hit-async" -> i -> memoizedAsync.apply(memoKeys[i]);
        case "raw-get-async" -> i -> raw.getAsync(rawKeys[i]);
        default -> null;
      };
      if (asyncCall != null) {
        return report(driver, op, threads, drive(threads, asyncCall, duration));
      }
      IntFunction<Object> call = switch (op) {
        case "raw-get" -> i -> raw.get(rawKeys[i]);
        case "memo-hit" -> i -> memoized.apply(memoKeys[i]);
        case "near-hit" -> i -> nearHit.apply(memoKeys[i]);
        case "recall-get" -> i -> recall.executor().execute(SpiCommands.get(rawKeys[i]));
        case "cache-get" -> i -> cache.get(cacheKeys[i]);
        default -> throw new IllegalArgumentException("unknown op " + op);
      };
      LatencyHistogram histogram = new LatencyHistogram();
      AtomicBoolean running = new AtomicBoolean(true);
      LongAdder errors = new LongAdder();
      try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          workers.add(executor.submit(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (running.get()) {
              int key = skewed(random);
              long start = System.nanoTime();
              try {
                call.apply(key);
                histogram.record(System.nanoTime() - start);
              } catch (RuntimeException e) {
                errors.increment();
              }
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
        return report(driver, op, threads, new Outcome(histogram, (System.nanoTime() - start) / 1e9, errors.sum()));
      }
    }
  }

  /** What one cell measured: latencies, over how many seconds, and the calls that failed (not in the histogram). */
  private record Outcome(LatencyHistogram histogram, double seconds, long errors) {}

  /** Prints a cell's line and returns its CSV row. */
  private static String report(String driver, String op, int callers, Outcome outcome) {
    LatencyHistogram histogram = outcome.histogram();
    double rate = histogram.count() / outcome.seconds();
    double p50 = histogram.percentile(0.5) / 1e3;
    double p99 = histogram.percentile(0.99) / 1e3;
    double p999 = histogram.percentile(0.999) / 1e3;
    System.out.printf("%-15s %-14s %7d %12.0f %9.1f %9.1f %9.1f%s%n", driver, op, callers, rate, p50, p99, p999,
        outcome.errors() == 0 ? "" : "  (" + outcome.errors() + " calls failed, not counted)");
    return String.format(Locale.ROOT, "%s,%s,%d,%.0f,%.1f,%.1f,%.1f", driver, op, callers, rate, p50, p99, p999);
  }

  /**
   * Keeps {@code callers} calls in flight for {@code duration} without a thread per caller: each caller issues its
   * next call from its last one's completion (on whatever thread completes it), and loops instead of recursing when
   * a call is already complete.
   */
  private static Outcome drive(int callers, IntFunction<CompletableFuture<?>> call, Duration duration)
      throws InterruptedException {
    LatencyHistogram histogram = new LatencyHistogram();
    AtomicBoolean running = new AtomicBoolean(true);
    LongAdder errors = new LongAdder();
    CountDownLatch finished = new CountDownLatch(callers);
    long start = System.nanoTime();
    for (int c = 0; c < callers; c++) {
      new AsyncCaller(call, histogram, running, errors, finished).next();
    }
    Thread.sleep(duration.toMillis());
    running.set(false);
    if (!finished.await(1, TimeUnit.MINUTES)) {
      throw new IllegalStateException(finished.getCount() + " async callers never finished");
    }
    return new Outcome(histogram, (System.nanoTime() - start) / 1e9, errors.sum());
  }

  /** One caller of {@link #drive}: a call at a time, the next one issued when the last completes. */
  private record AsyncCaller(IntFunction<CompletableFuture<?>> call, LatencyHistogram histogram,
      AtomicBoolean running, LongAdder errors, CountDownLatch finished) {

    void next() {
      while (running.get()) {
        long start = System.nanoTime();
        CompletableFuture<?> pending = call.apply(skewed(ThreadLocalRandom.current()));
        if (!pending.isDone()) {
          pending.whenComplete((value, error) -> {
            record(start, error);
            next();
          });
          return;
        }
        record(start, pending.isCompletedExceptionally() ? new IllegalStateException() : null);
      }
      finished.countDown();
    }

    private void record(long start, Throwable error) {
      if (error == null) {
        histogram.record(System.nanoTime() - start);
      } else {
        errors.increment();
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
