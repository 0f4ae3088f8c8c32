package dev.recall.jedis;

import dev.recall.RecallConnectionException;
import dev.recall.RedisConfig;
import dev.recall.spi.DriverConnection;
import dev.recall.spi.RedisDriver;

/**
 * The Recall driver on Jedis: a pool of connections, all opened at connect time, with callers admitted in fair
 * order up to the pool size so thousands of virtual threads never stampede the pool. Asynchronous calls run on
 * virtual threads.
 */
public final class JedisDriver implements RedisDriver {

  /** Creates the driver; {@link java.util.ServiceLoader} calls this. */
  public JedisDriver() {}

  @Override
  public String name() {
    return "jedis";
  }

  /**
   * Opens {@link RedisConfig#poolSize()} connections and checks that the server answers.
   *
   * @throws RecallConnectionException when the server cannot be reached or refuses the handshake
   */
  @Override
  public DriverConnection connect(RedisConfig config) {
    return JedisDriverConnection.open(config);
  }
}
