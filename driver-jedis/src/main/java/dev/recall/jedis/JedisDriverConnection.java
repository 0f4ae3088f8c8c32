package dev.recall.jedis;

import dev.recall.RecallCommandException;
import dev.recall.RecallConnectionException;
import dev.recall.RecallException;
import dev.recall.RedisConfig;
import dev.recall.spi.pubsub.PubSubTransport;
import dev.recall.spi.Command;
import dev.recall.spi.TlsTrust;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The Jedis transport to a single server. Non-blocking commands share a pool of {@code poolSize} connections, all
 * created up front; a fair semaphore of the same size admits callers, because thousands of virtual threads racing
 * into commons-pool's {@code create} collapse its throughput. Single commands go through an {@link AutoPipeline}:
 * under contention, the callers waiting for a connection are served together in one pipelined round trip. Blocking
 * commands use a second, lazily grown pool, so a long {@code BLPOP} never holds a connection the hot path needs.
 */
final class JedisDriverConnection extends AbstractJedisConnection {
  private static final int MAX_BLOCKING_CONNECTIONS = 256;

  private final ConnectionPool pool;
  private final ConnectionPool blockingPool;
  private final AutoPipeline pipeline;

  private JedisDriverConnection(RedisConfig config, ConnectionPool pool, ConnectionPool blockingPool) {
    super(config, config.host() + ":" + config.port());
    this.pool = pool;
    this.blockingPool = blockingPool;
    this.pipeline = new AutoPipeline(pool, admission, server);
  }

  static JedisDriverConnection open(RedisConfig config) {
    JedisClientConfig clientConfig = clientConfig(config);
    HostAndPort address = new HostAndPort(config.host(), config.port());
    Duration maxWait = config.connectTimeout().plus(config.commandTimeout());
    ConnectionPool pool = new ConnectionPool(address, clientConfig,
        poolConfig(config.poolSize(), config.poolSize(), maxWait));
    ConnectionPool blockingPool = new ConnectionPool(address, clientConfig,
        poolConfig(MAX_BLOCKING_CONNECTIONS, 0, maxWait));
    String server = config.host() + ":" + config.port();
    try {
      try (Connection first = pool.getResource()) {
        first.ping();
        checkPasswordIsRequired(first, config, server);
      }
      pool.preparePool();
    } catch (RuntimeException e) {
      pool.close();
      blockingPool.close();
      if (JedisFailures.isDatabaseMissing(e)) {
        throw JedisFailures.databaseMissing(server, config.database(), databaseCount(address, config), e);
      }
      RecallException failure = JedisFailures.translate("connect", server, e);
      // An error reply during the handshake (WRONGPASS, NOAUTH) means the connection cannot be used at all.
      throw failure instanceof RecallCommandException
          ? new RecallConnectionException("Redis at " + server + " refused the connection: " + e.getMessage(), e)
          : failure;
    } catch (Exception e) {
      pool.close();
      blockingPool.close();
      throw new RecallConnectionException("cannot open connections to Redis at " + server + ": " + e, e);
    }
    return new JedisDriverConnection(config, pool, blockingPool);
  }

  /**
   * Refuses a password the server does not need, as Lettuce does: Jedis authenticates with {@code HELLO 2 AUTH
   * default <password>}, which a server without a password accepts, so a legacy {@code AUTH} asks whether there is
   * a password to check at all. Only for the default user; an ACL user's password is checked by the handshake.
   */
  private static void checkPasswordIsRequired(Connection connection, RedisConfig config, String server) {
    String password = config.password();
    if (password == null || config.username() != null) {
      return;
    }
    connection.sendCommand(Protocol.Command.AUTH, password);
    try {
      connection.getStatusCodeReply();
    } catch (JedisDataException e) {
      // The reply repeats the password: neither it nor its message may travel on.
      throw JedisFailures.isPasswordNotRequired(e)
          ? JedisFailures.passwordNotRequired(server)
          : new RecallConnectionException("Redis at " + server + " refused the password", null);
    }
  }

  /** Asks the server how many databases it has, on a connection to database 0; null when it will not say. */
  private static @Nullable Integer databaseCount(HostAndPort address, RedisConfig config) {
    try (Jedis jedis = new Jedis(new Connection(address, clientConfig(config.toBuilder().database(0).build())))) {
      String databases = jedis.configGet("databases").get("databases");
      return databases == null ? null : Integer.valueOf(databases);
    } catch (RuntimeException e) {
      // CONFIG may be renamed or not allowed to this user: the message then does without the number.
      return null;
    }
  }

  @Override
  public @Nullable Object send(Command<?> command) {
    return command.isBlocking() ? sendBlocking(command) : pipeline.send(command);
  }

  @Override
  List<@Nullable Object> runBatch(List<? extends Command<?>> commands, String name, int timeout) {
    boolean blocking = timeout != NOT_BLOCKING;
    try (Connection connection = (blocking ? blockingPool : pool).getResource()) {
      if (blocking) {
        connection.setSoTimeout(timeout);
      }
      List<Object> replies = pipeline(connection, commands);
      List<@Nullable Object> result = new ArrayList<>(replies.size());
      for (int i = 0; i < replies.size(); i++) {
        result.add(normalize(commands.get(i), replies.get(i)));
      }
      if (blocking) {
        connection.setSoTimeout(socketTimeoutMillis);
      }
      return result;
    } catch (RuntimeException e) {
      dropIdleAfter(blocking ? blockingPool : pool, e);
      throw JedisFailures.translate(name, server, e);
    }
  }

  /** A batch's permit came free: the oldest queued single command may lead the next pipelined batch with it. */
  @Override
  void permitReleased() {
    pipeline.wakeNext();
  }

  @Override
  PubSubTransport pubSubTransport() {
    return new JedisPubSubTransport(config, null);
  }

  @Override
  void closeConnections() {
    pool.close();
    blockingPool.close();
  }

  private @Nullable Object sendBlocking(Command<?> command) {
    admission.checkOpen(command.name());
    try (Connection connection = blockingPool.getResource()) {
      connection.setSoTimeout(blockTimeout(command.blockMillis()));
      try {
        return normalize(command, connection.executeCommand(arguments(command)));
      } finally {
        if (!connection.isBroken()) {
          connection.setSoTimeout(socketTimeoutMillis);
        }
      }
    } catch (RuntimeException e) {
      throw JedisFailures.translate(command.name(), server, e);
    }
  }

  /**
   * After a connection failure, closes the pool's idle connections: when the server restarted or a network path
   * broke, they are all stale, and each would fail the next command sent on it (a command that is never resent,
   * since it may have run). New connections are opened as callers need them.
   */
  static void dropIdleAfter(ConnectionPool pool, RuntimeException failure) {
    if (failure instanceof JedisConnectionException) {
      try {
        pool.clear();
      } catch (RuntimeException ignored) {
        // Best effort: a connection that cannot be closed cleanly is dropped anyway.
      }
    }
  }

  /**
   * Writes the commands in one pipelined write and reads their raw replies, error replies in place. On any failure
   * once the first write began (a read timeout on the third of five replies, a command that cannot be encoded
   * after two were buffered, an interrupt, an {@link Error}) the connection is marked broken before the failure is
   * rethrown, so the pool closes it rather than hand its unread replies or unsent commands to the next caller.
   */
  static List<Object> pipeline(Connection connection, List<? extends Command<?>> commands) {
    try {
      for (Command<?> command : commands) {
        connection.sendCommand(arguments(command));
      }
      List<Object> replies = connection.getMany(commands.size());
      for (Object reply : replies) {
        if (reply instanceof JedisConnectionException broken) {
          throw broken;
        }
      }
      return replies;
    } catch (RuntimeException | Error e) {
      connection.setBroken();
      throw e;
    }
  }

  /** Turns error replies, at the top or nested in an array (a Lua table), into {@link RecallCommandException}s. */
  static @Nullable Object normalize(Command<?> command, @Nullable Object reply) {
    if (reply instanceof JedisDataException error) {
      return new RecallCommandException(command.name(), String.valueOf(error.getMessage()), error);
    }
    if (reply instanceof List<?> items) {
      List<@Nullable Object> normalized = null;
      for (int i = 0; i < items.size(); i++) {
        Object item = items.get(i);
        Object fixed = item instanceof JedisDataException || item instanceof List<?> ? normalize(command, item) : item;
        if (fixed != item && normalized == null) {
          normalized = new ArrayList<>(items);
        }
        if (normalized != null) {
          normalized.set(i, fixed);
        }
      }
      return normalized == null ? reply : normalized;
    }
    return reply;
  }

  static CommandArguments arguments(Command<?> command) {
    byte[] name = command.nameBytes();
    CommandArguments arguments = new CommandArguments((ProtocolCommand) () -> name);
    byte[] routingKey = command.routingKey();
    for (byte[] arg : command.args()) {
      if (arg == routingKey) {
        arguments.key(arg);
      } else {
        arguments.add(arg);
      }
    }
    return arguments;
  }

  /** The client settings both topologies share: RESP2 so replies have one shape, no CLIENT SETINFO. */
  static JedisClientConfig clientConfig(RedisConfig config) {
    DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder();
    if (config.tls()) {
      // Recall's trust (the config's CA file, host name verification) rather than Jedis's defaults, so both drivers
      // accept and refuse the same servers.
      builder.sslSocketFactory(TlsTrust.sslContext(config).getSocketFactory())
          .sslParameters(TlsTrust.sslParameters(config));
    }
    return builder
        .user(config.username())
        .password(config.password())
        .database(config.database())
        .clientName(config.clientName())
        .ssl(config.tls())
        .connectionTimeoutMillis(toIntMillis(config.connectTimeout()))
        .socketTimeoutMillis(toIntMillis(config.commandTimeout()))
        .protocol(RedisProtocol.RESP2)
        .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
        .build();
  }

  static GenericObjectPoolConfig<Connection> poolConfig(int max, int minIdle, Duration maxWait) {
    GenericObjectPoolConfig<Connection> config = new GenericObjectPoolConfig<>();
    config.setMaxTotal(max);
    config.setMaxIdle(Math.max(minIdle, Math.min(max, 16)));
    config.setMinIdle(minIdle);
    config.setBlockWhenExhausted(true);
    config.setMaxWait(maxWait);
    config.setTestOnBorrow(false);
    config.setTestWhileIdle(false);
    config.setJmxEnabled(false);
    return config;
  }
}
