package dev.recall.nearcache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RecallException;
import dev.recall.RedisConfig;
import dev.recall.contract.Await;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.NearCacheConfig;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A randomized run of reads and writes from several threads over two clients with near caches, checked against a
 * model: no read returns a value older than the last write acknowledged before the read began. In the writing client
 * this holds strictly for every thread (read-your-writes for the JVM, as the README promises); in the other client
 * it holds beyond {@link #DELIVERY_BOUND}, a bound near the measured invalidation lag (single milliseconds), not the
 * seconds a loaded machine could excuse.
 *
 * <p>One writer thread refreshes random keys through the writing client for a fixed time, each write followed by
 * its own read, so each key's versions are written in order and the model knows, for each moment, the newest
 * acknowledged version. Writes are paced so that a key is rewritten about every {@code KEYS * WRITE_PAUSE}: a
 * missed invalidation then leaves a stale copy for longer than the bound more often than not, so the test fails when
 * invalidations are ignored, all or one in three (tried). Readers on both clients only ever hit (every key is stored
 * first and nothing expires or is evicted), so they never write.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class NearCacheModelTest {
  private static final int KEYS = 32;
  private static final int READERS = 4;
  private static final Duration RUN = Duration.ofSeconds(5);
  private static final Duration WRITE_PAUSE = Duration.ofMillis(5);
  private static final Duration DELIVERY_BOUND = Duration.ofMillis(250);

  private final String driver;
  private RecallClient writerClient;
  private RecallClient otherClient;

  NearCacheModelTest(String driver) {
    this.driver = driver;
  }

  @BeforeEach
  void connect(RedisServer server) {
    writerClient = Recall.connect(RedisConfig.fromUrl(server.url()), driver);
    otherClient = Recall.connect(RedisConfig.fromUrl(server.url()), driver);
  }

  @AfterEach
  void close() {
    writerClient.close();
    otherClient.close();
  }

  /** One read: which client, which key, when it began, what it returned. */
  private record Read(boolean writersClient, int key, long began, long version, String thread) {}

  /** One acknowledged write: when its refresh returned, and the version it stored. */
  private record Ack(long at, long version) {}

  @Test
  void noRead_isOlderThanTheLastAcknowledgedWrite_strictlyInTheWritingClient() throws Exception {
    // Not failing open: a read that fails throws (and is left out of the model) instead of computing, so readers
    // never write.
    FunctionCacheConfig config = FunctionCacheConfig.builder("model").maxSize(1_000).failOpen(false)
        .nearCache(NearCacheConfig.of(1_000)).build();
    FunctionCache writerCache = writerClient.functionCache(config);
    FunctionCache otherCache = otherClient.functionCache(config);
    AtomicLongArray versions = new AtomicLongArray(KEYS);
    LongAdder readerComputations = new LongAdder();
    ThreadLocal<Boolean> writing = ThreadLocal.withInitial(() -> false);
    Function<Integer, Long> compute = key -> {
      if (!writing.get()) {
        readerComputations.increment();
      }
      return versions.incrementAndGet(key);
    };
    Function<Integer, Long> atWriter = writerCache.memoize("v", Long.class, compute);
    Function<Integer, Long> atOther = otherCache.memoize("v", Long.class, compute);
    List<List<Ack>> acks = new ArrayList<>();
    writing.set(true);
    for (int key = 0; key < KEYS; key++) {
      int k = key;
      long version = writerCache.refresh(() -> atWriter.apply(k));
      acks.add(new ArrayList<>(List.of(new Ack(System.nanoTime(), version))));
    }
    // Both near caches live before the run, so that it exercises them.
    for (FunctionCache cache : List.of(writerCache, otherCache)) {
      Function<Integer, Long> f = cache == writerCache ? atWriter : atOther;
      Await.until(Duration.ofSeconds(30), () -> {
        f.apply(0);
        return cache.stats().nearHits() > 0;
      }, () -> "a near hit in " + (cache == writerCache ? "the writer's" : "the other") + " client");
    }
    writing.set(false);

    Queue<Read> reads = new ConcurrentLinkedQueue<>();
    LongAdder failedReads = new LongAdder();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(READERS);
    int writes = 0;
    try {
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        boolean writersClient = r % 2 == 0;
        Function<Integer, Long> f = writersClient ? atWriter : atOther;
        Random random = new Random(r);
        readers.add(pool.submit(() -> {
          while (running.get()) {
            int key = random.nextInt(KEYS);
            long began = System.nanoTime();
            try {
              reads.add(new Read(writersClient, key, began, f.apply(key), Thread.currentThread().getName()));
            } catch (RecallException e) {
              failedReads.increment();
            }
            // A pause, so that four readers spinning on near hits leave the two cores to Redis and the subscriber.
            LockSupport.parkNanos(20_000);
          }
          return null;
        }));
      }
      writing.set(true);
      Random random = new Random(42);
      long end = System.nanoTime() + RUN.toNanos();
      while (System.nanoTime() - end < 0) {
        int key = random.nextInt(KEYS);
        long version = writerCache.refresh(() -> atWriter.apply(key));
        acks.get(key).add(new Ack(System.nanoTime(), version));
        writes++;
        // The writer's own next read must see it at once.
        long began = System.nanoTime();
        reads.add(new Read(true, key, began, atWriter.apply(key), "writer"));
        LockSupport.parkNanos(WRITE_PAUSE.toNanos());
      }
      running.set(false);
      for (Future<?> reader : readers) {
        reader.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(readerComputations.sum()).as("readers only hit, so the model holds").isZero();
    List<String> violations = new ArrayList<>();
    for (Read read : reads) {
      long required = acknowledgedBefore(acks.get(read.key()),
          read.writersClient() ? read.began() : read.began() - DELIVERY_BOUND.toNanos());
      if (read.version() < required) {
        violations.add(read + " returned " + read.version() + ", older than acknowledged " + required + " (acks "
            + acks.get(read.key()).stream().filter(a -> Math.abs(a.at() - read.began()) < 50_000_000L).toList() + ")");
      }
    }
    assertThat(violations).as("stale reads of %d (%d writes)", reads.size(), writes).isEmpty();
    assertThat(writes).as("writes in %s", RUN).isGreaterThan(100);
    assertThat(writerCache.stats().nearHits() + otherCache.stats().nearHits()).as("the run used the near caches")
        .isGreaterThan(1_000);
    assertThat(failedReads.sum()).as("reads that failed (left out of the model)").isLessThan(reads.size() / 100 + 1);
  }

  /** The newest version acknowledged before {@code time}, or 0. */
  private static long acknowledgedBefore(List<Ack> acks, long time) {
    long version = 0;
    for (Ack ack : acks) {
      if (ack.at() - time < 0) {
        version = Math.max(version, ack.version());
      }
    }
    return version;
  }
}
