package dev.recall.examples;

import dev.recall.Cache;
import dev.recall.Health;
import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.ValueConversionException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The guided tour: each part shows one feature and prints what it does, then removes what it wrote, except the call
 * histories it names at the end for inspection.
 */
final class Tour {
  private Tour() {}

  static int run(RedisConfig config, String driver, PrintStream out) {
    try (RecallClient client = Recall.connect(config, driver)) {
      out.println("Connected with the " + client.driverName() + " driver.");
      Health health = client.health();
      out.printf("Health: %s, round trip %d us%n", health.ok() ? "ok" : "NOT OK " + health.error(),
          health.latency().toNanos() / 1000);
      if (!health.ok()) {
        return 1;
      }
      cache(client, out);
      FibonacciTour.run(client, out);
      List<String> kept = TrackingTour.run(client, config.isCluster(), out);
      MapQueueTour.run(client, out);
      StreamsTour.run(client, out);
      out.println();
      out.println("Left in Redis for you to inspect (the call histories replayed above; the next tour replaces them): "
          + String.join(", ", kept));
      out.println("Everything else the tour wrote is removed (each tracked call's request key, <name>:req:<id>,"
          + " expires by itself within seconds). To remove these too: DEL " + String.join(" ", kept));
      out.println("Tour finished.");
      return 0;
    }
  }

  private static void cache(RecallClient client, PrintStream out) {
    out.println();
    out.println("== Cache: store values under random keys, read them back ==");
    Cache cache = client.cache("tour");
    String text = cache.store("hello, Recall");
    out.println("store(\"hello, Recall\") -> " + text);
    out.println("getString(" + text + ") -> " + cache.getString(text).orElseThrow());
    String number = cache.store(42);
    out.println("store(42) -> " + number + "; getInt -> " + cache.getInt(number).orElseThrow());
    String bytes = cache.store(new byte[] {1, 2, 3});
    out.println("store(bytes) -> " + bytes + "; get -> " + cache.get(bytes).orElseThrow().length + " bytes");
    String upper = cache.get(text, raw -> new String(raw, java.nio.charset.StandardCharsets.UTF_8).toUpperCase())
        .orElseThrow();
    out.println("get(key, toUpperCase) -> " + upper);
    Optional<String> missing = cache.getString(UUID.randomUUID().toString());
    out.println("getString(unknown key) -> " + missing);
    try {
      cache.getInt(text);
    } catch (ValueConversionException e) {
      out.println("getInt(text key) -> " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    String shortLived = cache.store("gone soon", Duration.ofMillis(200));
    sleep(300);
    out.println("store(\"gone soon\", 200 ms), 300 ms later -> " + cache.getString(shortLived));
    // Keys stored without a ttl stay until deleted.
    boolean deleted = cache.delete(text) & cache.delete(number) & cache.delete(bytes);
    out.println("delete() the three keys stored without a ttl -> " + deleted);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
