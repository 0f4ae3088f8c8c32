package dev.recall.jedis;

import dev.recall.RecallCommandException;
import dev.recall.RecallConnectionException;
import dev.recall.RecallException;
import dev.recall.RedisConfig;
import dev.recall.RedisNode;
import dev.recall.spi.pubsub.PubSubTransport;
import dev.recall.spi.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The Jedis transport to a Redis Cluster, on Jedis's {@link RedisClusterClient}: its slot cache picks the node of
 * each command's routing key and its per-node pools hold the connections; keyless commands go to any node.
 *
 * <p>Redirections are followed here rather than by {@code RedisClusterClient.executeCommand}, because that one also
 * resends a command whose connection failed or timed out, which would apply an {@code INCRBY} or a script twice
 * when the first attempt did run. So: {@code MOVED} refreshes the client's topology and resends to the named node,
 * {@code ASK} resends once to the named node after {@code ASKING} (up to {@value #MAX_REDIRECTS} redirections), and a
 * connection failure is reported to the caller (and refreshes the topology for the next call) but never resent.
 *
 * <p>A batch whose keys all hash to one slot is pipelined on that slot's node in one round trip; commands in it
 * that were redirected (the slot moved meanwhile) are rerun one by one afterwards, in order. A batch spanning
 * several slots runs command by command. Blocking commands take a connection of their key's node with the read
 * timeout extended by their block time; they are not counted against the pool size admission.
 */
final class JedisClusterConnection extends AbstractJedisConnection {
  private static final int MAX_REDIRECTS = 5;
  private static final int MAX_BLOCKING_CONNECTIONS = 256;

  private final RedisClusterClient client;
  private final String seeds;
  private final AtomicInteger nextKeylessNode = new AtomicInteger();
  private final AtomicBoolean refreshing = new AtomicBoolean();

  private JedisClusterConnection(RedisConfig config, RedisClusterClient client, String seeds) {
    super(config, "cluster " + seeds);
    this.client = client;
    this.seeds = seeds;
  }

  /**
   * Discovers the cluster from its seeds and checks that a node answers.
   *
   * @throws RecallConnectionException when no seed can be reached or the nodes refuse the handshake
   */
  static JedisClusterConnection open(RedisConfig config) {
    Set<HostAndPort> nodes = new LinkedHashSet<>();
    for (RedisNode node : config.clusterNodes()) {
      nodes.add(new HostAndPort(node.host(), node.port()));
    }
    String seeds = String.join(",", config.clusterNodes().stream().map(RedisNode::toString).toList());
    Duration maxWait = config.connectTimeout().plus(config.commandTimeout());
    RedisClusterClient client;
    try {
      client = RedisClusterClient.builder()
          .nodes(nodes)
          .clientConfig(JedisDriverConnection.clientConfig(config))
          // Per node: the admitted callers, plus the blocking commands that bypass admission.
          .poolConfig(JedisDriverConnection.poolConfig(config.poolSize() + MAX_BLOCKING_CONNECTIONS, 0, maxWait))
          .build();
    } catch (RuntimeException e) {
      throw new RecallConnectionException("cannot connect to the Redis Cluster at " + seeds + ": "
          + diagnose(config, e), e);
    }
    JedisClusterConnection connection = new JedisClusterConnection(config, client, seeds);
    try {
      connection.send(Command.keyless("PING", reply -> reply));
    } catch (RecallException e) {
      connection.close();
      throw new RecallConnectionException("the Redis Cluster at " + seeds + " refused the connection: "
          + e.getMessage(), e);
    }
    return connection;
  }

  @Override
  public @Nullable Object send(Command<?> command) {
    if (command.isBlocking()) {
      admission.checkOpen(command.name());
      return normalizeOrThrow(command, route(command, slotOf(command), blockTimeout(command.blockMillis())));
    }
    admission.admit(command.name());
    try {
      return normalizeOrThrow(command, route(command, slotOf(command), NOT_BLOCKING));
    } finally {
      admission.release();
    }
  }

  @Override
  List<@Nullable Object> runBatch(List<? extends Command<?>> commands, String name, int timeout) {
    int slot = commonSlot(commands);
    return slot == MIXED ? oneByOne(commands, timeout) : pipelined(commands, name, slot, timeout);
  }

  @Override
  PubSubTransport pubSubTransport() {
    return new JedisPubSubTransport(config, client);
  }

  @Override
  void closeConnections() {
    client.close();
  }

  private static final int KEYLESS = -1;
  private static final int MIXED = -2;

  private static int slotOf(Command<?> command) {
    byte[] key = command.routingKey();
    return key == null ? KEYLESS : JedisClusterCRC16.getSlot(key);
  }

  /** The one slot every keyed command of the batch hashes to, {@link #KEYLESS} if none has a key, else MIXED. */
  private static int commonSlot(List<? extends Command<?>> commands) {
    int slot = KEYLESS;
    for (Command<?> command : commands) {
      int own = slotOf(command);
      if (own != KEYLESS) {
        if (slot != KEYLESS && slot != own) {
          return MIXED;
        }
        slot = own;
      }
    }
    return slot;
  }

  private List<@Nullable Object> oneByOne(List<? extends Command<?>> commands, int timeout) {
    List<@Nullable Object> replies = new ArrayList<>(commands.size());
    for (Command<?> command : commands) {
      replies.add(normalize(command, route(command, slotOf(command), timeout)));
    }
    return replies;
  }

  private List<@Nullable Object> pipelined(List<? extends Command<?>> commands, String name, int slot, int timeout) {
    List<Object> raw;
    Connection connection = null;
    try {
      connection = slot == KEYLESS ? anyNode() : client.getConnectionFromSlot(slot);
      if (timeout > 0) {
        connection.setSoTimeout(timeout);
      }
      raw = JedisDriverConnection.pipeline(connection, commands);
    } catch (RuntimeException e) {
      throw failure(name, e);
    } finally {
      if (connection != null) {
        closeQuietly(connection, timeout);
      }
    }
    List<@Nullable Object> replies = new ArrayList<>(raw.size());
    boolean moved = false;
    for (Object reply : raw) {
      moved |= reply instanceof JedisMovedDataException;
    }
    if (moved) {
      refreshTopology();
    }
    for (int i = 0; i < raw.size(); i++) {
      Command<?> command = commands.get(i);
      Object reply = raw.get(i);
      // The slot moved while the batch was on its way: rerun the redirected commands, in order.
      replies.add(normalize(command, reply instanceof JedisRedirectionException
          ? route(command, slotOf(command), timeout)
          : reply));
    }
    return replies;
  }

  /**
   * Sends one command to its slot's node and follows redirections; returns the raw reply, or the error reply as a
   * {@link JedisDataException} value so that batches can keep it in place.
   *
   * @param timeout the read timeout for a blocking command, or {@link #NOT_BLOCKING} for the configured one
   */
  private @Nullable Object route(Command<?> command, int slot, int timeout) {
    CommandArguments arguments = JedisDriverConnection.arguments(command);
    HostAndPort target = null;
    boolean asking = false;
    for (int redirects = 0; ; redirects++) {
      Connection connection = null;
      try {
        connection = target != null ? nodeConnection(target) : slot == KEYLESS ? anyNode()
            : client.getConnectionFromSlot(slot);
        if (asking) {
          connection.executeCommand(new CommandArguments(Protocol.Command.ASKING));
        }
        if (timeout > 0) {
          connection.setSoTimeout(timeout);
        }
        return connection.executeCommand(arguments);
      } catch (JedisRedirectionException redirect) {
        if (redirects >= MAX_REDIRECTS) {
          throw new RecallConnectionException("the Redis Cluster at " + seeds + " redirected " + command.name()
              + " more than " + MAX_REDIRECTS + " times; last to " + redirect.getTargetNode(), redirect);
        }
        target = redirect.getTargetNode();
        asking = redirect instanceof JedisAskDataException;
        if (!asking) {
          refreshTopology();
        }
      } catch (JedisDataException error) {
        return error;
      } catch (RuntimeException e) {
        throw failure(command.name(), e);
      } finally {
        if (connection != null) {
          closeQuietly(connection, timeout);
        }
      }
    }
  }

  private void closeQuietly(Connection connection, int timeout) {
    try {
      if (timeout > 0 && !connection.isBroken()) {
        connection.setSoTimeout(socketTimeoutMillis);
      }
      connection.close();
    } catch (RuntimeException e) {
      // A topology refresh may have closed the node's pool meanwhile; the connection is gone either way.
    }
  }

  private Connection nodeConnection(HostAndPort node) {
    ConnectionPool pool = client.getClusterNodes().get(node.toString());
    if (pool == null) {
      // A node the slot cache does not know yet (one just added); learn the new topology first.
      client.refreshClusterTopology();
      pool = client.getClusterNodes().get(node.toString());
    }
    if (pool == null) {
      throw new RecallConnectionException("the Redis Cluster at " + seeds + " redirected to unknown node " + node,
          null);
    }
    return pool.getResource();
  }

  private Connection anyNode() {
    List<ConnectionPool> pools = new ArrayList<>(client.getClusterNodes().values());
    if (pools.isEmpty()) {
      refreshTopology();
      pools = new ArrayList<>(client.getClusterNodes().values());
    }
    if (pools.isEmpty()) {
      throw new RecallConnectionException("no node of the Redis Cluster at " + seeds + " is known", null);
    }
    return pools.get(Math.floorMod(nextKeylessNode.getAndIncrement(), pools.size())).getResource();
  }

  /** Refreshes the slot cache, one caller at a time; the others carry on with the redirection they got. */
  private void refreshTopology() {
    if (refreshing.compareAndSet(false, true)) {
      try {
        client.refreshClusterTopology();
      } catch (RuntimeException e) {
        // The next redirection or failure tries again.
      } finally {
        refreshing.set(false);
      }
    }
  }

  private RecallException failure(String command, RuntimeException e) {
    if (e instanceof JedisConnectionException) {
      // The node may be gone; the next call should see the cluster as it is now.
      runAsync(this::refreshTopology);
    }
    return JedisFailures.translate(command, server, e);
  }

  private static @Nullable Object normalize(Command<?> command, @Nullable Object reply) {
    return JedisDriverConnection.normalize(command, reply);
  }

  private static @Nullable Object normalizeOrThrow(Command<?> command, @Nullable Object reply) {
    Object normalized = normalize(command, reply);
    if (normalized instanceof RecallCommandException error) {
      throw error;
    }
    return normalized;
  }

  /**
   * Says why the cluster could not be discovered. Jedis reports only that its slot cache could not be initialized,
   * without the cause; one direct connection to the first seed, with the same settings, tells a TLS or
   * authentication problem apart from an unreachable node.
   */
  private static String diagnose(RedisConfig config, RuntimeException e) {
    String described = describe(e);
    if (e.getCause() != null) {
      return described;
    }
    RedisNode seed = config.clusterNodes().get(0);
    try (Connection probe = new Connection(new HostAndPort(seed.host(), seed.port()),
        JedisDriverConnection.clientConfig(config))) {
      probe.ping();
      return described;
    } catch (RuntimeException probeFailure) {
      return described + " (seed " + seed + ": " + describe(probeFailure) + ")";
    }
  }

  private static String describe(RuntimeException e) {
    String tls = dev.recall.spi.TlsTrust.describeFailure(e);
    if (tls != null) {
      return tls;
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
  }
}
