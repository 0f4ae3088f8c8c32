package dev.recall.jmh;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Eviction cost at scale: the per-call time of a miss on a full cache of 1e3 to 1e6 entries, per policy (each
 * call's store evicts one entry), on the Lettuce driver. The cost must stay flat as the cache grows: every policy
 * picks its victim in O(log n) or better. The cache is filled through the public API by 256 virtual threads, whose
 * concurrent scripts the Lettuce connection pipelines.
 *
 * <p>Run: {@code java -jar jmh/target/recall-benchmarks.jar EvictionBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class EvictionBenchmark {
  private static final int FILLERS = 256;

  @Param({"LRU", "FIFO", "LFU", "MRU", "RR", "TLRU"})
  public EvictionPolicy policy;

  @Param({"1000", "10000", "100000", "1000000"})
  public int size;

  private BenchmarkServer server;
  private RecallClient recall;
  private Function<Long, String> function;
  private long next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = BenchmarkServer.start();
    server.command("FLUSHALL");
    recall = Recall.connect(server.config(), "lettuce");
    FunctionCache cache = recall.functionCache(
        FunctionCacheConfig.builder("evict").policy(policy).maxSize(size).build());
    function = cache.memoize("f", String.class, n -> HitFixture.VALUE);
    fill(function, size);
    long held = cache.size();
    if (held != size) {
      throw new IllegalStateException("the cache holds " + held + " entries after the fill, expected " + size);
    }
    next = size;
  }

  /** Calls the function with keys 0 to {@code count - 1} from many virtual threads. */
  static void fill(Function<Long, String> function, long count) throws Exception {
    AtomicLong key = new AtomicLong();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> fillers = new ArrayList<>();
      for (int t = 0; t < FILLERS; t++) {
        fillers.add(threads.submit(() -> {
          for (long n = key.getAndIncrement(); n < count; n = key.getAndIncrement()) {
            function.apply(n);
          }
          return null;
        }));
      }
      for (Future<?> filler : fillers) {
        filler.get();
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    recall.close();
    server.close();
  }

  /** A miss on the full cache: read script, computation, store script evicting one entry. */
  @Benchmark
  public String missEvict() {
    return function.apply(next++);
  }
}
