package dev.recall.lettuce;

import dev.recall.RecallConnectionException;
import dev.recall.RedisConfig;
import dev.recall.spi.DriverConnection;
import dev.recall.spi.RedisDriver;

/**
 * The Recall driver on Lettuce: every non-blocking command is pipelined on one shared connection and completes on
 * Lettuce's I/O thread, while blocking commands ({@code BLPOP}, {@code XREADGROUP BLOCK}) borrow a dedicated
 * connection so they never hold up other callers. Replies use the RESP2 shape the Jedis driver also produces. A
 * cluster config connects with Lettuce's {@code RedisClusterClient}, which routes each command by its key's slot.
 */
public final class LettuceDriver implements RedisDriver {

  /** Creates the driver; {@link java.util.ServiceLoader} calls this. */
  public LettuceDriver() {}

  /** Returns {@code lettuce}, the name users select this driver by. */
  @Override
  public String name() {
    return "lettuce";
  }

  /**
   * Opens the shared connection, authenticates and selects the database; for a cluster config, discovers the
   * cluster from its seeds.
   *
   * @throws RecallConnectionException when the server cannot be reached within the connect timeout or refuses the
   *     handshake (a wrong password, say); the message names host and port, never the password
   */
  @Override
  public DriverConnection connect(RedisConfig config) {
    return LettuceConnector.open(config);
  }
}
