package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.Cache;
import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RecallException;
import dev.recall.RedisConfig;
import dev.recall.contract.Await;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.testkit.RedisCluster;
import dev.recall.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Failover on a real Redis Cluster with a replica per master: the master holding a memoized function's entries is
 * killed twice (the second time it is the promoted replica, with the first victim back as its replica) while eight
 * threads call the function and read a plain cache. Every call returns the correct value (fail-open), plain-cache
 * reads return the stored value or a typed {@link RecallException}, and after each failover the entries replicated
 * before it are served again from the promoted master: its scripts are loaded on demand (it never saw them run) and
 * the function is not called again for arguments it had cached.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
class ClusterFailoverTest {
  private static final int ARGUMENTS = 200;

  @Parameter
  String driver;

  @Test
  @Timeout(180)
  void masterKilledTwice_replicasTakeOver_callsCarryOn_andCachedEntriesSurvive() throws Exception {
    try (RedisCluster cluster = RedisCluster.builder().replicasPerMaster(1).start();
        RecallClient client = Recall.connect(RedisConfig.fromUrl(cluster.url()).toBuilder()
            .commandTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500)).build(), driver)) {
      FunctionCache cache = client.functionCache(FunctionCacheConfig.builder("failover-" + driver).build());
      AtomicLong invocations = new AtomicLong();
      Function<Integer, Long> square = cache.memoize("square", Long.class, n -> {
        invocations.incrementAndGet();
        return n * (long) n + 1;
      });
      for (int n = 0; n < ARGUMENTS; n++) {
        square.apply(n);
      }
      Cache plain = client.cache("failover-plain");
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        keys.add(plain.store("value " + i, Duration.ofMinutes(5)));
      }
      // The function cache's entries share one hash slot (its hash tag): that slot's master is the victim.
      RedisServer victim = cluster.ownerOf(
          cluster.keySlot(cache.config().name() + ":" + cache.config().policy().id()));

      AtomicBoolean running = new AtomicBoolean(true);
      Queue<String> wrong = new ConcurrentLinkedQueue<>();
      Queue<Throwable> thrown = new ConcurrentLinkedQueue<>();
      AtomicLong plainFailures = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Random random = new Random(t);
        workers.add(pool.submit(() -> {
          while (running.get()) {
            int n = random.nextInt(ARGUMENTS);
            try {
              Long value = square.apply(n);
              if (value == null || value != n * (long) n + 1) {
                wrong.add("square(" + n + ") = " + value);
              }
            } catch (Throwable e) {
              thrown.add(e);
            }
            int i = random.nextInt(keys.size());
            try {
              Optional<String> read = plain.getString(keys.get(i));
              if (!read.equals(Optional.of("value " + i))) {
                wrong.add("plain " + keys.get(i) + " = " + read);
              }
            } catch (RecallException e) {
              plainFailures.incrementAndGet(); // the key's master is down: a typed failure is the promise
            } catch (Throwable e) {
              thrown.add(e);
            }
          }
        }));
      }
      try {
        for (int round = 1; round <= 2; round++) {
          // Both writes above and the hits' bookkeeping are on the replica before its master dies.
          assertThat(victim.command("WAIT", "1", "5000")).as("replicas acknowledged").isEqualTo(1L);
          RedisServer promoted = cluster.failover(victim);
          assertThat(cluster.nodes()).contains(promoted).doesNotContain(victim);
          assertThat(String.valueOf(promoted.command("INFO", "replication"))).contains("role:master");
          // Recovered: a full pass over the arguments computes nothing, every entry came from the promoted master.
          await("round " + round + ": every argument served from the promoted master", () -> {
            long start = invocations.get();
            for (int n = 0; n < ARGUMENTS; n++) {
              square.apply(n);
            }
            return invocations.get() == start;
          });
          for (int i = 0; i < keys.size(); i++) {
            assertThat(plain.getString(keys.get(i))).contains("value " + i);
          }
          victim = promoted;
        }
      } finally {
        running.set(false);
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
      assertThat(wrong).as("wrong values returned").isEmpty();
      assertThat(thrown).as("memoized calls that threw, plain reads that failed untyped").isEmpty();
      assertThat(cache.stats().hits()).isGreaterThan(0);
      assertThat(cache.size()).isEqualTo(ARGUMENTS);
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Await.until(Duration.ofSeconds(30), condition, () -> what);
  }
}
