package dev.recall.lettuce;

import dev.recall.RecallConnectionException;
import dev.recall.RecallException;
import dev.recall.RedisConfig;
import dev.recall.spi.Command;
import dev.recall.spi.TlsTrust;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Opens a {@link LettuceConnection} for a config, to one server or to a cluster: Lettuce's client and its options
 * (RESP2, timeouts, TLS trust, credentials), the shared connection, and a PING that proves commands are accepted.
 * It also shuts down what it opened, for a failed open and for {@link LettuceConnection#close()}.
 */
final class LettuceConnector {
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

  private LettuceConnector() {}

  /**
   * Connects the shared connection and checks the handshake (AUTH, SELECT, CLIENT SETNAME, PING).
   *
   * @throws RecallConnectionException when the server is unreachable within the connect timeout or refuses the
   *     handshake
   */
  static LettuceConnection open(RedisConfig config) {
    LettuceFailures failures = config.isCluster()
        ? new LettuceFailures("cluster " + String.join(",", config.clusterNodes().stream().map(Object::toString).toList()),
            config.password())
        : new LettuceFailures(config.host(), config.port(), config.password());
    ClientResources resources = DefaultClientResources.builder()
        // Lettuce's default backoff grows to 30 s, too slow to notice a restarted server; a reconnect attempt a
        // second is cheap.
        .reconnectDelay(Delay.exponential(Duration.ofMillis(1), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
    AbstractRedisClient client = null;
    try {
      Supplier<? extends CompletionStage<? extends StatefulConnection<byte[], byte[]>>> connector;
      CompletableFuture<? extends StatefulConnection<byte[], byte[]>> connecting;
      if (config.isCluster()) {
        List<RedisURI> seeds = config.clusterNodes().stream().map(node -> uri(config, node.host(), node.port()))
            .toList();
        RedisClusterClient cluster = RedisClusterClient.create(resources, seeds);
        cluster.setOptions(clusterOptions(config));
        client = cluster;
        connector = () -> cluster.connectAsync(ByteArrayCodec.INSTANCE);
        // An asynchronous cluster connect needs the topology loaded first.
        connecting = cluster.refreshPartitionsAsync().toCompletableFuture()
            .thenCompose(ignored -> cluster.connectAsync(ByteArrayCodec.INSTANCE));
      } else {
        RedisURI uri = uri(config, config.host(), config.port());
        RedisClient single = RedisClient.create(resources);
        single.setOptions(options(config));
        client = single;
        connector = () -> single.connectAsync(ByteArrayCodec.INSTANCE, uri);
        connecting = connector.get().toCompletableFuture();
      }
      long waitNanos =
          config.connectTimeout().toNanos() + config.commandTimeout().toNanos() + LettuceConnection.SAFETY_NANOS;
      StatefulConnection<byte[], byte[]> shared = awaitConnect(connecting, waitNanos, failures);
      DedicatedConnections dedicated = new DedicatedConnections(connector, failures, config.poolSize());
      LettuceConnection connection = new LettuceConnection(resources, client, shared, dedicated, failures, config);
      verify(connection, failures);
      return connection;
    } catch (RuntimeException e) {
      RuntimeException failure = e;
      if (client instanceof RedisClient single && LettuceFailures.isDatabaseMissing(e)) {
        failure = failures.databaseMissing(config.database(), databaseCount(single, config), e);
      }
      shutdown(client, resources);
      throw failure;
    }
  }

  /** Asks the server how many databases it has, on a connection to database 0; null when it will not say. */
  private static @Nullable Integer databaseCount(RedisClient client, RedisConfig config) {
    RedisURI atZero = uri(config.toBuilder().database(0).build(), config.host(), config.port());
    try (StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8, atZero)) {
      String databases = connection.sync().configGet("databases").get("databases");
      return databases == null ? null : Integer.valueOf(databases);
    } catch (RuntimeException e) {
      // CONFIG may be renamed or not allowed to this user: the message then does without the number.
      return null;
    }
  }

  /** Shuts down the client (closing every connection it opened), then Lettuce's threads, each within a bound. */
  static void shutdown(@Nullable AbstractRedisClient client, ClientResources resources) {
    long timeout = SHUTDOWN_TIMEOUT.toMillis();
    try {
      if (client != null) {
        client.shutdown(0, timeout, TimeUnit.MILLISECONDS);
      }
    } catch (RuntimeException e) {
      // Closing is best effort: the resources below must still be released.
    }
    try {
      resources.shutdown(0, timeout, TimeUnit.MILLISECONDS).get(timeout + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // Best effort: a close must not hang or throw because Netty was slow to stop.
    }
  }

  private static ClientOptions options(RedisConfig config) {
    ClientOptions.Builder options = ClientOptions.builder();
    common(options, config);
    return options.build();
  }

  private static ClusterClientOptions clusterOptions(RedisConfig config) {
    ClusterClientOptions.Builder options = ClusterClientOptions.builder();
    common(options, config);
    // Lettuce opens a node's connection on the first command for that node, and would reject the commands that
    // arrive while it is being opened; so a cluster queues them instead, each still bounded by its timeout.
    options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
    return options
        // Redirections are followed per command anyway; the refresh brings the client's slot map up to date so
        // that later commands go straight to the right node, and the periodic one notices added nodes.
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enableAllAdaptiveRefreshTriggers()
            .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
            .enablePeriodicRefresh(Duration.ofSeconds(30))
            .build())
        .build();
  }

  /**
   * The options of a subscriber's pub/sub connections: the command connection's TLS and socket settings, but RESP3,
   * where pub/sub messages are push frames (in RESP2 Lettuce can take a sharded message that arrives while a
   * command is in flight for that command's reply), and no automatic reconnect, since the subscriber must report
   * the loss before subscribing again, on the node that serves the channel then.
   */
  static ClientOptions pubSubOptions(RedisConfig config) {
    ClientOptions.Builder options = ClientOptions.builder();
    common(options, config);
    return options.protocolVersion(ProtocolVersion.RESP3)
        .autoReconnect(false)
        .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
        .build();
  }

  /** The options a single server and a cluster share; the builder is changed in place. */
  private static void common(ClientOptions.Builder options, RedisConfig config) {
    // RESP2 so that replies have the same shape as with Jedis (RESP3 would turn some into maps and doubles).
    options.protocolVersion(ProtocolVersion.RESP2);
    options.socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout()).keepAlive(true).build());
    options.timeoutOptions(TimeoutOptions.builder()
        .timeoutSource(new Keyword.Timeouts(config.commandTimeout().toNanos()))
        .build());
    // While reconnecting, fail at once rather than queue: callers (a cache in front of a computation) would
    // rather fall back than wait, and nothing queued runs unexpectedly late. In this mode Lettuce also fails the
    // commands in flight when a connection drops instead of resending them after the reconnect, so a command that
    // may have run (an HINCRBY, an LPUSH) never runs twice (LostReplyContractTest).
    options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    if (config.tls()) {
      // Recall's trust (the config's CA file) rather than Lettuce's defaults, so both drivers accept and refuse the
      // same servers; the host name check comes with the URI's verifyPeer.
      TlsTrust.warnIfInsecure(config);
      SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
      if (config.tlsVerifyPeer()) {
        ssl.trustManager(TlsTrust.trustManagerFactory(config));
      }
      options.sslOptions(ssl.build());
    }
  }

  /**
   * Lettuce's RESP2 handshake does not prove that commands will be accepted (a server with a password answers the
   * handshake of a client without one), so one PING must succeed before the connection is handed out.
   */
  private static void verify(LettuceConnection connection, LettuceFailures failures) {
    try {
      connection.send(Command.keyless("PING", reply -> reply));
    } catch (RecallException e) {
      throw failures.connectFailure(e);
    }
  }

  private static StatefulConnection<byte[], byte[]> awaitConnect(
      Future<? extends StatefulConnection<byte[], byte[]>> connecting, long waitNanos, LettuceFailures failures) {
    try {
      return connecting.get(waitNanos, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw failures.connectFailure(e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException e) {
      connecting.cancel(true);
      throw failures.connectTimedOut(TimeUnit.NANOSECONDS.toMillis(waitNanos), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connecting.cancel(true);
      throw failures.interrupted("connecting", e);
    }
  }

  /** The URI of one node with the config's credentials, database, TLS, client name and handshake timeout. */
  static RedisURI uri(RedisConfig config, String host, int port) {
    RedisURI.Builder uri = RedisURI.Builder.redis(host, port)
        .withDatabase(config.database())
        .withSsl(config.tls())
        .withVerifyPeer(config.tls() && config.tlsVerifyPeer() ? SslVerifyMode.FULL : SslVerifyMode.NONE)
        // Bounds the handshake; every later command has its own timeout from the TimeoutSource.
        .withTimeout(config.commandTimeout());
    String password = config.password();
    String username = config.username();
    if (username != null) {
      uri.withAuthentication(username, password == null ? new char[0] : password.toCharArray());
    } else if (password != null) {
      uri.withPassword(password.toCharArray());
    }
    String clientName = config.clientName();
    if (clientName != null) {
      uri.withClientName(clientName);
    }
    return uri.build();
  }
}
