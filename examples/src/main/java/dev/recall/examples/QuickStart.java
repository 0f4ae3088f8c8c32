package dev.recall.examples;

import dev.recall.Cache;
import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.ValueConversionException;
import java.time.Duration;
import java.util.Optional;

/** The README's quick start, kept here so it always compiles; {@code QuickStartTest} runs it. */
final class QuickStart {
  private QuickStart() {}

  static void run(RedisConfig config, String driver) {
    try (RecallClient recall = Recall.connect(config, driver)) {
      System.out.println(recall.health());              // Health[ok=true, latency=PT0.0003S, error=null]

      Cache cache = recall.cache();
      String key = cache.store("hello");                // a fresh UUID key
      String count = cache.store(42, Duration.ofMinutes(5));

      Optional<String> text = cache.getString(key);     // Optional[hello]
      Optional<Integer> n = cache.getInt(count);        // Optional[42]
      Optional<byte[]> raw = cache.get(key);            // the bytes as stored
      Optional<Integer> length = cache.get(key, bytes -> bytes.length);
      Optional<String> none = cache.getString("no-such-key");   // Optional.empty, never null

      try {
        cache.getInt(key);                              // "hello" is not an int
      } catch (ValueConversionException e) {
        System.out.println(e.getMessage());             // names the key, the target and the value
      }
      String later = cache.async().getString(key).join().orElseThrow();

      if (!text.equals(Optional.of("hello")) || !n.equals(Optional.of(42)) || raw.isEmpty()
          || !length.equals(Optional.of(5)) || none.isPresent() || !later.equals("hello")) {
        throw new IllegalStateException("the quick start did not behave as the README says");
      }
    }
  }
}
