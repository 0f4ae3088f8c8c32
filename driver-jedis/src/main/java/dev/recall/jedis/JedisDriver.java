package dev.recall.jedis;

import dev.recall.RecallConnectionException;
import dev.recall.RedisConfig;
import dev.recall.spi.DriverConnection;
import dev.recall.spi.RedisDriver;

/**
 * The Recall driver on Jedis: a pool of connections, all opened at connect time, with callers admitted in fair
 * order up to the pool size so thousands of virtual threads never stampede the pool. Asynchronous calls run on
 * virtual threads. A cluster config connects through Jedis's {@code RedisClusterClient}, one pool per node.
 */
public final class JedisDriver implements RedisDriver {

  /** Creates the driver; {@link java.util.ServiceLoader} calls this. */
  public JedisDriver() {}

  @Override
  public String name() {
    return "jedis";
  }

  /**
   * Opens {@link RedisConfig#poolSize()} connections and checks that the server answers; for a cluster config,
   * discovers the cluster from its seeds with Jedis's cluster client and checks that a node answers.
   *
   * @throws RecallConnectionException when the server (no cluster seed) can be reached or it refuses the handshake
   */
  @Override
  public DriverConnection connect(RedisConfig config) {
    return config.isCluster() ? JedisClusterConnection.open(config) : JedisDriverConnection.open(config);
  }
}
