package dev.recall;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The checks of {@link RedisConfig}'s settings, shared by its constructor and its builder's setters: each names the
 * setting and the value it refused.
 */
final class RedisConfigChecks {
  private RedisConfigChecks() {}

  static String checkHost(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank, got '" + host + "'");
    }
    return host;
  }

  static int checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
    return port;
  }

  static int checkDatabase(int database) {
    if (database < 0) {
      throw new IllegalArgumentException("database must be 0 or more, got " + database);
    }
    return database;
  }

  static List<RedisNode> checkClusterNodes(List<RedisNode> nodes) {
    Objects.requireNonNull(nodes, "clusterNodes");
    Set<RedisNode> seen = new HashSet<>();
    for (RedisNode node : nodes) {
      Objects.requireNonNull(node, "clusterNodes must not contain null");
      if (!seen.add(node)) {
        throw new IllegalArgumentException("clusterNodes must not repeat a node, got " + node + " twice");
      }
    }
    return List.copyOf(nodes);
  }

  static void checkClusterDatabase(int database) {
    if (database != 0) {
      throw new IllegalArgumentException("database must be 0 in a Redis Cluster, got " + database);
    }
  }

  static int checkPoolSize(int poolSize) {
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be 1 or more, got " + poolSize);
    }
    return poolSize;
  }

  static Duration checkPositive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
    return value;
  }

  static @Nullable String emptyToNull(@Nullable String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
