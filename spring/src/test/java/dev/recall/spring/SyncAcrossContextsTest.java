package dev.recall.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.contract.Await;
import dev.recall.function.FunctionCache;
import dev.recall.spring.boot.RecallAutoConfiguration;
import dev.recall.spring.boot.RecallCacheAutoConfiguration;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationContext;

/**
 * {@code @Cacheable(sync = true)} holds across application instances: two application contexts (each with its own
 * client, as two processes would have) ask for the same missing key at once, and the method runs once, the second
 * context waiting on Recall's lease in Redis rather than on a JVM lock.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class SyncAcrossContextsTest {
  private final String driver;

  SyncAcrossContextsTest(String driver) {
    this.driver = driver;
  }

  @Test
  void twoContexts_sameMissingKey_theMethodRunsOnce(RedisServer server) {
    Catalog.RUNS.set(0);
    Catalog.gate = new CountDownLatch(1);
    ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RecallAutoConfiguration.class, RecallCacheAutoConfiguration.class))
        .withUserConfiguration(CatalogApp.class)
        .withPropertyValues("recall.url=" + server.url(), "recall.driver=" + driver,
            "recall.caches.sync.lease-time=30s");
    runner.run(first -> runner.run(second -> {
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<String> leader = threads.submit(() -> first.getBean(Catalog.class).slow("k"));
        Await.until(Duration.ofSeconds(10), () -> Catalog.RUNS.get() == 1, () -> "the first context to run it");
        Future<String> follower = threads.submit(() -> second.getBean(Catalog.class).slow("k"));
        // The follower's miss is counted once its read found the lease taken: it is now polling Redis.
        Await.until(Duration.ofSeconds(10), () -> functionCache(second).stats().misses() == 1,
            () -> "the second context to find the lease taken");
        assertThat(follower).as("waits on the lease").isNotDone();
        Catalog.gate.countDown();
        assertThat(leader.get(20, TimeUnit.SECONDS)).isEqualTo("computed k");
        assertThat(follower.get(20, TimeUnit.SECONDS)).isEqualTo("computed k");
      }
      assertThat(Catalog.RUNS).as("the method ran once over both contexts").hasValue(1);
      assertThat(functionCache(second).stats().stampedeWaits()).isEqualTo(1);
      assertThat(functionCache(second).stats().loads()).isZero();
      assertThat(functionCache(first).stats().loads()).isEqualTo(1);
    }));
  }

  private static FunctionCache functionCache(ApplicationContext context) {
    return (FunctionCache) context.getBean(CacheManager.class).getCache("sync").getNativeCache();
  }
}
