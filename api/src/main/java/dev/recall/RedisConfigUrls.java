package dev.recall;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The URL side of {@link RedisConfig}: parses a {@code redis://} URL, merges one URL per cluster seed, and formats a
 * config back into a URL. Package-private so that {@code RedisConfig} needs nothing from an internal package.
 */
final class RedisConfigUrls {
  private static final String REDACTED = "***";
  private static final RedisConfig DEFAULTS = RedisConfig.builder().build();

  private RedisConfigUrls() {}

  /**
   * Parses a URL into a config.
   *
   * @throws IllegalArgumentException naming the part that is wrong; never echoes the password
   */
  static RedisConfig parse(String url) {
    String text = url.strip();
    List<RedisNode> seeds = null;
    int schemeEnd = text.indexOf("://");
    if (schemeEnd >= 0) {
      int authorityStart = schemeEnd + 3;
      int authorityEnd = authorityStart;
      while (authorityEnd < text.length() && "/?#".indexOf(text.charAt(authorityEnd)) < 0) {
        authorityEnd++;
      }
      int hostsStart = text.lastIndexOf('@', authorityEnd - 1) + 1;
      hostsStart = Math.max(hostsStart, authorityStart);
      String hosts = text.substring(hostsStart, authorityEnd);
      if (hosts.indexOf(',') >= 0) {
        seeds = parseSeeds(hosts, url);
        // Everything else is read as in a single-server URL at the first seed.
        text = text.substring(0, hostsStart) + seeds.get(0) + text.substring(authorityEnd);
      }
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed Redis URL '" + redact(url) + "': " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException("Redis URL '" + redact(url) + "' has no scheme; expected redis:// or rediss://");
    }
    RedisConfig.Builder builder = RedisConfig.builder();
    switch (scheme.toLowerCase(Locale.ROOT)) {
      case "redis" -> builder.tls(false);
      case "rediss" -> builder.tls(true);
      default -> throw new IllegalArgumentException(
          "unknown scheme '" + scheme + "' in Redis URL; expected redis:// or rediss://");
    }
    if (uri.getRawAuthority() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("malformed Redis URL '" + redact(url) + "': no host");
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    builder.host(host);
    int port = RedisConfig.DEFAULT_PORT;
    if (uri.getPort() != -1) {
      port = uri.getPort();
      builder.port(port);
    } else if (uri.getRawAuthority().matches(".*:\\d*$") && !uri.getRawAuthority().endsWith("]")) {
      throw new IllegalArgumentException("malformed Redis URL '" + redact(url) + "': bad port");
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        builder.password(decode(userInfo));
      } else {
        builder.username(decode(userInfo.substring(0, colon)));
        builder.password(decode(userInfo.substring(colon + 1)));
      }
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      String db = path.substring(1);
      try {
        builder.database(Integer.parseInt(db));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("database must be a number in the URL path, got '" + decode(db) + "'");
      }
    }
    String query = uri.getRawQuery();
    Boolean cluster = null;
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        try {
          if (name.equals("cluster")) {
            cluster = parseBoolean(name, value);
          } else {
            applyOption(builder, name, value);
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Redis URL option '" + name + "': " + e.getMessage(), e);
        }
      }
    }
    if (seeds != null) {
      if (Boolean.FALSE.equals(cluster)) {
        throw new IllegalArgumentException("Redis URL option 'cluster=false' contradicts its " + seeds.size()
            + " comma-separated hosts, which mean a cluster");
      }
      builder.clusterNodes(seeds);
    } else if (Boolean.TRUE.equals(cluster)) {
      builder.clusterNodes(List.of(new RedisNode(host, port)));
    }
    return builder.build();
  }

  private static List<RedisNode> parseSeeds(String hosts, String url) {
    List<RedisNode> seeds = new ArrayList<>();
    for (String seed : hosts.split(",", -1)) {
      if (seed.isEmpty()) {
        throw new IllegalArgumentException(
            "malformed Redis URL '" + redact(url) + "': empty host in the cluster host list");
      }
      URI uri;
      try {
        uri = new URI("redis://" + seed);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "malformed Redis URL '" + redact(url) + "': bad cluster host '" + seed + "': " + e.getReason());
      }
      if (uri.getHost() == null || (uri.getPort() == -1 && seed.matches(".*:\\d*$") && !seed.endsWith("]"))) {
        throw new IllegalArgumentException(
            "malformed Redis URL '" + redact(url) + "': bad cluster host or port '" + seed + "'");
      }
      String host = uri.getHost();
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      RedisNode node = new RedisNode(host, uri.getPort() == -1 ? RedisConfig.DEFAULT_PORT : uri.getPort());
      if (seeds.contains(node)) {
        throw new IllegalArgumentException(
            "malformed Redis URL '" + redact(url) + "': cluster host " + node + " is listed twice");
      }
      seeds.add(node);
    }
    return seeds;
  }

  /**
   * Parses one URL per cluster seed into one cluster config: the seeds in order, duplicates dropped.
   *
   * @throws IllegalArgumentException when the list is empty, a URL is malformed, or two URLs disagree on a field
   */
  static RedisConfig merge(List<String> urls) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("at least one Redis Cluster seed URL is needed, got none");
    }
    RedisConfig first = null;
    List<RedisNode> seeds = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      RedisConfig config = parse(Objects.requireNonNull(urls.get(i), "urls[" + i + "]"));
      if (first == null) {
        first = config;
      } else {
        checkSameSettings(first, config, i);
      }
      for (RedisNode node : config.isCluster() ? config.clusterNodes() : List.of(config.node())) {
        if (!seeds.contains(node)) {
          seeds.add(node);
        }
      }
    }
    return Objects.requireNonNull(first).toBuilder().clusterNodes(seeds).build();
  }

  /** Checks that a further cluster seed's config agrees with the first on everything but the address. */
  private static void checkSameSettings(RedisConfig first, RedisConfig other, int index) {
    checkSame("database", first, other, index, RedisConfig::database);
    checkSame("username", first, other, index, RedisConfig::username);
    if (!Objects.equals(first.password(), other.password())) {
      throw new IllegalArgumentException("Redis Cluster seed URLs must agree on everything but host and port: URL "
          + (index + 1) + " has a different password than the first");
    }
    checkSame("TLS (rediss://)", first, other, index, RedisConfig::tls);
    checkSame("connectTimeout", first, other, index, RedisConfig::connectTimeout);
    checkSame("timeout", first, other, index, RedisConfig::commandTimeout);
    checkSame("clientName", first, other, index, RedisConfig::clientName);
    checkSame("poolSize", first, other, index, RedisConfig::poolSize);
    checkSame("tlsCaCertificates", first, other, index, RedisConfig::tlsCaCertificates);
    checkSame("tlsVerifyPeer", first, other, index, RedisConfig::tlsVerifyPeer);
  }

  private static void checkSame(String field, RedisConfig first, RedisConfig other, int index,
      Function<RedisConfig, @Nullable Object> value) {
    Object expected = value.apply(first);
    Object actual = value.apply(other);
    if (!Objects.equals(expected, actual)) {
      throw new IllegalArgumentException("Redis Cluster seed URLs must agree on everything but host and port: URL "
          + (index + 1) + " has " + field + " " + actual + " where the first has " + expected);
    }
  }

  private static boolean parseBoolean(String name, String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
    };
  }

  private static void applyOption(RedisConfig.Builder builder, String name, String value) {
    switch (name) {
      case "timeout" -> builder.commandTimeout(parseDuration(name, value));
      case "connectTimeout" -> builder.connectTimeout(parseDuration(name, value));
      case "clientName" -> builder.clientName(value);
      case "poolSize" -> builder.poolSize(parseInt(name, value));
      case "database", "db" -> builder.database(parseInt(name, value));
      case "tlsCaCertificates" -> builder.tlsCaCertificates(value.isEmpty() ? null : Path.of(value));
      case "tlsVerifyPeer" -> builder.tlsVerifyPeer(parseBoolean(name, value));
      default -> throw new IllegalArgumentException(
          "unknown Redis URL option '" + name + "'; known: timeout, connectTimeout, clientName, poolSize, database, "
              + "cluster, tlsCaCertificates, tlsVerifyPeer");
    }
  }

  /** Formats a config as a URL, with the password shown as {@code ***} when {@code redact} is set. */
  static String format(RedisConfig config, boolean redact) {
    StringBuilder url = new StringBuilder(config.tls() ? "rediss://" : "redis://");
    if (config.username() != null || config.password() != null) {
      if (config.username() != null) {
        url.append(encode(config.username())).append(':');
      } else {
        url.append(':');
      }
      if (config.password() != null) {
        url.append(redact ? REDACTED : encode(config.password()));
      }
      url.append('@');
    }
    if (config.isCluster()) {
      List<String> seeds = new ArrayList<>();
      config.clusterNodes().forEach(node -> seeds.add(node.toString()));
      url.append(String.join(",", seeds));
    } else {
      url.append(config.node());
    }
    url.append('/').append(config.database());
    String separator = "?";
    if (!config.commandTimeout().equals(DEFAULTS.commandTimeout())) {
      url.append(separator).append("timeout=").append(formatDuration(config.commandTimeout()));
      separator = "&";
    }
    if (!config.connectTimeout().equals(DEFAULTS.connectTimeout())) {
      url.append(separator).append("connectTimeout=").append(formatDuration(config.connectTimeout()));
      separator = "&";
    }
    if (config.clientName() != null) {
      url.append(separator).append("clientName=").append(encode(config.clientName()));
      separator = "&";
    }
    if (config.poolSize() != DEFAULTS.poolSize()) {
      url.append(separator).append("poolSize=").append(config.poolSize());
      separator = "&";
    }
    if (config.tlsCaCertificates() != null) {
      url.append(separator).append("tlsCaCertificates=").append(encode(config.tlsCaCertificates().toString()));
      separator = "&";
    }
    if (!config.tlsVerifyPeer()) {
      url.append(separator).append("tlsVerifyPeer=false");
      separator = "&";
    }
    if (config.clusterNodes().size() == 1) {
      // One seed looks like a single server; the option says it is a cluster.
      url.append(separator).append("cluster=true");
    }
    return url.toString();
  }

  /** Formats a duration with the largest unit that represents it exactly: {@code 2s}, {@code 1500ms}, {@code 10us}. */
  static String formatDuration(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos % 3_600_000_000_000L == 0) {
      return nanos / 3_600_000_000_000L + "h";
    }
    if (nanos % 60_000_000_000L == 0) {
      return nanos / 60_000_000_000L + "m";
    }
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + "s";
    }
    if (nanos % 1_000_000L == 0) {
      return nanos / 1_000_000L + "ms";
    }
    if (nanos % 1_000L == 0) {
      return nanos / 1_000L + "us";
    }
    return nanos + "ns";
  }

  static Duration parseDuration(String name, String value) {
    var matcher = java.util.regex.Pattern.compile("(\\d+)(ns|us|ms|s|m|h|d)?").matcher(value.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          name + " must be a number with an optional unit (ns, us, ms, s, m, h, d), got '" + value + "'");
    }
    long amount;
    try {
      amount = Long.parseLong(matcher.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is too large, got '" + value + "'");
    }
    String unit = matcher.group(2) == null ? "s" : matcher.group(2);
    return switch (unit) {
      case "ns" -> Duration.ofNanos(amount);
      case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  private static int parseInt(String name, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // The part may be a password, so it is not echoed.
      throw new IllegalArgumentException("malformed percent-encoding in the Redis URL: " + e.getMessage());
    }
  }

  /**
   * Hides whatever sits between {@code ://} and the last {@code @}, so a bad URL can be echoed without its password,
   * even one with an unencoded {@code @} or {@code /} in it.
   */
  private static String redact(String url) {
    return url.replaceFirst("(://).*@", "$1" + REDACTED + "@");
  }
}
