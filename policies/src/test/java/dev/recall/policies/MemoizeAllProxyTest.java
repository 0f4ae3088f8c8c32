package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallClient;
import dev.recall.function.FunctionCache;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** What a {@code memoizeAll} proxy does beside memoizing: the {@code Object} methods and default methods. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class MemoizeAllProxyTest {
  private final String driver;
  private RecallClient client;
  private FunctionCache cache;

  MemoizeAllProxyTest(String driver) {
    this.driver = driver;
  }

  /** An interface whose default method the target overrides. */
  interface Pricing {
    int price(String sku);

    default String currency() {
      return "default currency";
    }
  }

  /** Counts its calls, so a memoized method shows as one call. */
  static final class CountingPricing implements Pricing {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public int price(String sku) {
      calls.incrementAndGet();
      return sku.length();
    }

    @Override
    public String currency() {
      calls.incrementAndGet();
      return "EUR";
    }

    @Override
    public String toString() {
      return "CountingPricing";
    }
  }

  @BeforeEach
  void connect(RedisServer server) {
    client = Drivers.connect(server, driver);
    cache = client.functionCache("proxy-" + driver);
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void proxy_answersObjectMethodsItself_withoutCallingOrCachingTheTarget() {
    CountingPricing target = new CountingPricing();
    Pricing pricing = cache.memoizeAll(Pricing.class, target);
    Pricing twin = cache.memoizeAll(Pricing.class, target);

    assertThat(pricing.equals(pricing)).isTrue();
    assertThat(pricing.equals(twin)).as("identity, not the target's equality").isFalse();
    assertThat(pricing.equals(target)).isFalse();
    assertThat(pricing.hashCode()).isEqualTo(System.identityHashCode(pricing));
    assertThat(pricing.toString()).isEqualTo("Memoized[CountingPricing]");
    assertThat(target.calls).hasValue(0);
  }

  @Test
  void defaultMethod_runsAsTheTargetRunsIt_andIsMemoizedLikeAnyOther() {
    CountingPricing target = new CountingPricing();
    Pricing pricing = cache.memoizeAll(Pricing.class, target);

    assertThat(pricing.currency()).isEqualTo("EUR");
    assertThat(pricing.currency()).isEqualTo("EUR");
    assertThat(pricing.price("abc")).isEqualTo(3);
    assertThat(pricing.price("abc")).isEqualTo(3);
    assertThat(target.calls).hasValue(2);
  }

  /** A client whose methods return futures, as an HTTP or database client's async API does. */
  interface Orders {
    CompletableFuture<List<String>> lines(long order);

    CompletionStage<Integer> count(long order);
  }

  @Test
  void futureReturningMethods_areMemoizedAsync_andTheirValuesTypedByTheFuturesTypeArgument() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Orders orders = cache.memoizeAll(Orders.class, new Orders() {
      @Override
      public CompletableFuture<List<String>> lines(long order) {
        calls.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> List.of("line-" + order, "line-" + (order + 1)));
      }

      @Override
      public CompletionStage<Integer> count(long order) {
        calls.incrementAndGet();
        return CompletableFuture.completedStage((int) order * 2);
      }
    });
    assertThat(orders.lines(7).get(30, TimeUnit.SECONDS)).containsExactly("line-7", "line-8");
    assertThat(orders.lines(7).get(30, TimeUnit.SECONDS)).as("a hit, decoded as List<String>")
        .containsExactly("line-7", "line-8");
    assertThat(orders.count(3).toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(6);
    assertThat(orders.count(3).toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(6);
    assertThat(calls).hasValue(2);
    assertThat(cache.stats().hits()).isEqualTo(2);
  }

  /** A method whose future's value type is unknown. */
  interface Untyped {
    CompletableFuture<?> anything(String key);
  }

  @Test
  void aFutureWithoutAValueType_isRefusedUpFront_namingTheMethod() {
    assertThatThrownBy(() -> cache.memoizeAll(Untyped.class, key -> CompletableFuture.completedFuture(key)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("anything")
        .hasMessageContaining("CompletableFuture<Order>");
  }
}
