package dev.recall.examples;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.function.FunctionCache;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** The README's async memoization example, kept here so it always compiles; {@code AsyncMemoizationTest} runs it. */
final class AsyncMemoization {
  private AsyncMemoization() {}

  /** An order as a remote service returns it. */
  record Order(long id, String status) {}

  /** Stands for a non-blocking client of that service; counts its fetches. */
  static final class OrderClient {
    final AtomicInteger fetches = new AtomicInteger();

    CompletableFuture<Order> fetch(long id) {
      fetches.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> new Order(id, "shipped"));
    }
  }

  /** Runs the example and returns how many times the client was called (one: the second call is a hit). */
  static int run(RedisConfig config, String driver) {
    OrderClient client = new OrderClient();
    try (RecallClient recall = Recall.connect(config, driver)) {
      FunctionCache cache = recall.functionCache("orders");

      Function<Long, CompletableFuture<Order>> order =
          cache.memoizeAsync("order", Order.class, id -> client.fetch(id));
      order.apply(7L)                                      // miss: fetches, then stores; no thread waits
          .thenCompose(first -> order.apply(7L))           // hit: the read script's future alone
          .thenAccept(System.out::println)                 // Order[id=7, status=shipped]
          .join();
    }
    return client.fetches.get();
  }
}
