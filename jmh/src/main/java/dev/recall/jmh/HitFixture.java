package dev.recall.jmh;

import dev.recall.RecallClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * The trial of a function cache hit benchmark, which each one extends: per {@link #driver}, a private server flushed
 * at the start, the driver's own client with {@link #RAW_KEY} holding {@link #VALUE} (the floor's {@code GET}), and
 * Recall through the same driver, handed to {@link #prepare} to build and fill the caches measured. Closed at the
 * end of the trial.
 *
 * <p>The JMH settings here (average time in µs, 2 × 1 s warm-up, 4 × 1 s measured, one fork) hold for every
 * benchmark that extends this class unless it declares its own. The state is shared by the benchmark's threads
 * ({@link Scope#Benchmark}) but each benchmark runs with one thread, so the state's own fields need no guard.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public abstract class HitFixture {
  /** The value every function returns: a 64-character string. */
  static final String VALUE = "x".repeat(64);
  /** How many keys a hit benchmark reads in turn (with {@link HotKeys}). */
  static final int HOT_KEYS = 1_000;
  /** The key of the floor's {@code GET}. */
  static final byte[] RAW_KEY = "bench:raw".getBytes(StandardCharsets.UTF_8);

  @Param({"LETTUCE", "JEDIS"})
  public Driver driver;

  private FloorClients clients;
  /** The driver's own client: the floor. */
  RawClient raw;

  @Setup(Level.Trial)
  public void setUp() throws InterruptedException {
    clients = FloorClients.open(driver);
    clients.server().command("FLUSHALL");
    raw = clients.raw();
    raw.set(RAW_KEY, VALUE.getBytes(StandardCharsets.UTF_8));
    prepare(clients.recall());
  }

  /** Builds the functions the benchmark measures through {@code recall} and fills their caches. */
  abstract void prepare(RecallClient recall) throws InterruptedException;

  /** Calls every function with each hot key in turn (key 0 to all, then key 1, ...), so each caches them all. */
  @SafeVarargs
  static void readHotKeys(Function<Long, ?>... functions) {
    for (long n = 0; n < HOT_KEYS; n++) {
      for (Function<Long, ?> function : functions) {
        function.apply(n);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    clients.close();
  }
}
