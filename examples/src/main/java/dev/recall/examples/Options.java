package dev.recall.examples;

import dev.recall.RedisConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parsed command-line arguments: a command, then {@code --name value} options.
 *
 * @param command the command, {@code tour} by default
 * @param redisUrl the server named with {@code --redis}, or null
 * @param cluster the Redis Cluster whose seed nodes {@code --cluster} named, or null
 * @param driver the driver to use
 * @param values every other option by name
 */
record Options(String command, @Nullable String redisUrl, @Nullable RedisConfig cluster, String driver,
    Map<String, String> values) {
  private static final Set<String> COMMANDS = Set.of("tour", "policy-trace", "stream-load");
  private static final Map<String, Set<String>> OPTIONS = Map.of(
      "tour", Set.of(),
      "policy-trace", Set.of("policy", "max-size", "layout"),
      "stream-load", Set.of("messages", "consumers", "fail-rate", "seed"));

  static Options parse(List<String> args) throws UsageException {
    String command = "tour";
    int i = 0;
    if (!args.isEmpty() && !args.get(0).startsWith("--")) {
      command = args.get(0);
      if (!COMMANDS.contains(command)) {
        throw new UsageException("unknown command '" + command + "'");
      }
      i = 1;
    }
    String redis = null;
    String cluster = null;
    String driver = "lettuce";
    Map<String, String> values = new HashMap<>();
    for (; i < args.size(); i += 2) {
      String name = args.get(i);
      if (!name.startsWith("--")) {
        throw new UsageException("expected an option, got '" + name + "'");
      }
      if (i + 1 >= args.size()) {
        throw new UsageException("option " + name + " needs a value");
      }
      String value = args.get(i + 1);
      switch (name) {
        case "--redis" -> redis = value;
        case "--cluster" -> cluster = value;
        case "--driver" -> {
          if (!value.equals("lettuce") && !value.equals("jedis")) {
            throw new UsageException("--driver must be lettuce or jedis, got '" + value + "'");
          }
          driver = value;
        }
        default -> {
          if (!OPTIONS.get(command).contains(name.substring(2))) {
            throw new UsageException("unknown option " + name + " for " + command);
          }
          values.put(name.substring(2), value);
        }
      }
    }
    if (redis != null && cluster != null) {
      throw new UsageException("--redis and --cluster cannot be used together: name one server or one cluster");
    }
    return new Options(command, redis, cluster == null ? null : clusterConfig(cluster), driver, Map.copyOf(values));
  }

  /**
   * Reads {@code --cluster URL[,URL...]}: the URLs are split before each scheme, so a URL that itself lists several
   * seeds ({@code redis://h1:7000,h2:7000}) stays whole.
   */
  private static RedisConfig clusterConfig(String value) throws UsageException {
    try {
      return RedisConfig.fromUrls(List.of(value.split(",(?=rediss?://)")));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--cluster: " + e.getMessage());
    }
  }
}
