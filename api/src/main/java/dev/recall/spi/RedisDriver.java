package dev.recall.spi;

import dev.recall.RecallConnectionException;
import dev.recall.RedisConfig;

/**
 * A pluggable Redis client, found with {@link java.util.ServiceLoader}: a driver module lists its implementation
 * in {@code META-INF/services/dev.recall.spi.RedisDriver}.
 */
public interface RedisDriver {

  /** {@return the driver's short name, such as {@code jedis} or {@code lettuce}, by which users select it} */
  String name();

  /**
   * Opens a connection (or pool) to the server the config names and checks that it answers.
   *
   * @param config the server address, credentials, TLS settings and timeouts
   * @return an open connection, which the caller closes
   * @throws RecallConnectionException when the server cannot be reached or refuses the handshake
   */
  DriverConnection connect(RedisConfig config);
}
