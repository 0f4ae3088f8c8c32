package dev.recall;

import java.util.Objects;

/**
 * One Redis server address, such as a seed node of a Redis Cluster.
 *
 * @param host the host name or address (an IPv6 address without brackets)
 * @param port the TCP port, 1 to 65535
 */
public record RedisNode(String host, int port) {

  /**
   * Checks both fields.
   *
   * @throws IllegalArgumentException when the host is blank or the port is out of range, naming the value
   * @throws NullPointerException when host is null
   */
  public RedisNode {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank, got '" + host + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port + " for host " + host);
    }
  }

  /**
   * Parses {@code host:port}, {@code [ipv6]:port} or a bare host (port 6379).
   *
   * @param hostAndPort the address to parse; surrounding white space is ignored
   * @return the node at that address
   * @throws IllegalArgumentException when the text is not such an address, naming it
   */
  public static RedisNode parse(String hostAndPort) {
    Objects.requireNonNull(hostAndPort, "hostAndPort");
    String text = hostAndPort.strip();
    String host;
    String port = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("unclosed '[' in Redis node address '" + hostAndPort + "'");
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("expected ':port' after ']' in Redis node address '" + hostAndPort + "'");
        }
        port = rest.substring(1);
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon >= 0 && text.indexOf(':') != colon) {
        throw new IllegalArgumentException(
            "an IPv6 address needs brackets, as in [::1]:6379; got '" + hostAndPort + "'");
      }
      host = colon < 0 ? text : text.substring(0, colon);
      port = colon < 0 ? null : text.substring(colon + 1);
    }
    if (port == null) {
      return new RedisNode(host, RedisConfig.DEFAULT_PORT);
    }
    try {
      return new RedisNode(host, Integer.parseInt(port));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number in Redis node address '" + hostAndPort + "'");
    }
  }

  /** Returns {@code host:port}, with an IPv6 host in brackets; {@link #parse} reads it back. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
