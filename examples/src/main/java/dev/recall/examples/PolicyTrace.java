package dev.recall.examples;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.FunctionCacheStats;
import dev.recall.function.KeyLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@code policy-trace} command: checks an eviction policy from outside. Reads keys from standard input, one
 * per line, calls a memoized identity function once per line, in order, from one thread, then prints
 * {@code hits=H misses=M size=S}. The cache starts empty (a fresh name per run) and is removed afterwards.
 */
final class PolicyTrace {
  private PolicyTrace() {}

  /** The command's validated options. */
  record Settings(EvictionPolicy policy, long maxSize, KeyLayout layout) { }

  static Settings settings(Options options) throws UsageException {
    String policy = options.values().get("policy");
    String maxSize = options.values().get("max-size");
    if (policy == null || maxSize == null) {
      throw new UsageException("policy-trace needs --policy and --max-size");
    }
    EvictionPolicy parsedPolicy;
    try {
      parsedPolicy = EvictionPolicy.parse(policy);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    long size;
    try {
      size = Long.parseLong(maxSize);
    } catch (NumberFormatException e) {
      throw new UsageException("--max-size must be a whole number, got '" + maxSize + "'");
    }
    if (size < 1) {
      throw new UsageException("--max-size must be at least 1, got " + size);
    }
    String layout = options.values().getOrDefault("layout", "single").toLowerCase(Locale.ROOT);
    KeyLayout parsedLayout = switch (layout) {
      case "single" -> KeyLayout.SINGLE;
      case "multiple" -> KeyLayout.MULTIPLE;
      default -> throw new UsageException("--layout must be single or multiple, got '" + layout + "'");
    };
    return new Settings(parsedPolicy, size, parsedLayout);
  }

  static int run(RedisConfig config, String driver, Settings settings, InputStream in, PrintStream out) {
    try (RecallClient client = Recall.connect(config, driver)) {
      FunctionCache cache = client.functionCache(FunctionCacheConfig.builder("policy-trace-" + UUID.randomUUID())
          .policy(settings.policy()).maxSize(settings.maxSize()).layout(settings.layout()).failOpen(false).build());
      try {
        Function<String, String> identity = cache.memoize("identity", String.class, key -> key);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          identity.apply(line);
        }
        FunctionCacheStats stats = cache.stats();
        out.println("hits=" + stats.hits() + " misses=" + stats.misses() + " size=" + cache.size());
        return 0;
      } finally {
        cache.clear();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read standard input", e);
    }
  }
}
