package dev.recall.internal;

import dev.recall.RedisConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/** Parses and formats the {@code redis://} URLs of {@link RedisConfig}. */
public final class RedisUrls {
  private static final String REDACTED = "***";
  private static final RedisConfig DEFAULTS = RedisConfig.builder().build();

  private RedisUrls() {}

  /**
   * Parses a URL into a config.
   *
   * @throws IllegalArgumentException naming the part that is wrong; never echoes the password
   */
  public static RedisConfig parse(String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
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
    if (uri.getPort() != -1) {
      builder.port(uri.getPort());
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
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        try {
          applyOption(builder, name, value);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Redis URL option '" + name + "': " + e.getMessage(), e);
        }
      }
    }
    return builder.build();
  }

  private static void applyOption(RedisConfig.Builder builder, String name, String value) {
    switch (name) {
      case "timeout" -> builder.commandTimeout(parseDuration(name, value));
      case "connectTimeout" -> builder.connectTimeout(parseDuration(name, value));
      case "clientName" -> builder.clientName(value);
      case "poolSize" -> builder.poolSize(parseInt(name, value));
      case "database", "db" -> builder.database(parseInt(name, value));
      default -> throw new IllegalArgumentException(
          "unknown Redis URL option '" + name + "'; known: timeout, connectTimeout, clientName, poolSize, database");
    }
  }

  /** Formats a config as a URL, with the password shown as {@code ***} when {@code redact} is set. */
  public static String format(RedisConfig config, boolean redact) {
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
    String host = config.host();
    url.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
    url.append(':').append(config.port()).append('/').append(config.database());
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

  /** Hides whatever sits between {@code ://} and {@code @}, so a bad URL can be echoed without its password. */
  private static String redact(String url) {
    return url.replaceFirst("(://)[^@/]*@", "$1" + REDACTED + "@");
  }
}
