package dev.recall.lettuce;

import dev.recall.RecallCommandException;
import dev.recall.RecallConnectionException;
import dev.recall.RecallException;
import dev.recall.RedisConfig;
import dev.recall.spi.Command;
import dev.recall.spi.DriverConnection;
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
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link DriverConnection} on Lettuce. Non-blocking commands are dispatched natively on one shared connection
 * (Lettuce pipelines concurrent callers on it); blocking commands go to {@link DedicatedConnections}. Every command
 * is timed out by Lettuce itself after the command timeout, plus the block time for blocking commands, so a
 * synchronous caller only waits on the future. Futures complete on Lettuce's I/O thread.
 *
 * <p>For a cluster config the shared connection is a Lettuce cluster connection: each command goes to the node of
 * its slot (its routing key is marked as the key), keyless ones to the default node; Lettuce follows {@code MOVED}
 * and {@code ASK} itself and refreshes its topology on redirections and every 30 s. Blocking commands get dedicated
 * cluster connections, which route the same way.
 */
final class LettuceConnection implements DriverConnection {
  /** How much longer than Lettuce's own timeout a synchronous caller waits before giving up by itself. */
  private static final long SAFETY_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Command names seen beyond this many are not cached; only a caller inventing names would get there. */
  private static final int MAX_KEYWORDS = 512;
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final StatefulConnection<byte[], byte[]> shared;
  private final DedicatedConnections dedicated;
  private final LettuceFailures failures;
  private final long commandTimeoutNanos;
  private final long connectTimeoutNanos;
  private final ConcurrentHashMap<String, Keyword> keywords = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  // The I/O threads that delivered shared replies (one per node connection on a cluster), to refuse a call that
  // would deadlock; the last one is kept apart so the hot path only writes when it changes.
  private final Set<Thread> ioThreads = ConcurrentHashMap.newKeySet();
  private @Nullable Thread lastIoThread;

  private LettuceConnection(
      ClientResources resources,
      AbstractRedisClient client,
      StatefulConnection<byte[], byte[]> shared,
      DedicatedConnections dedicated,
      LettuceFailures failures,
      RedisConfig config) {
    this.resources = resources;
    this.client = client;
    this.shared = shared;
    this.dedicated = dedicated;
    this.failures = failures;
    this.commandTimeoutNanos = config.commandTimeout().toNanos();
    this.connectTimeoutNanos = config.connectTimeout().toNanos();
  }

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
      long waitNanos = config.connectTimeout().toNanos() + config.commandTimeout().toNanos() + SAFETY_NANOS;
      StatefulConnection<byte[], byte[]> shared = awaitConnect(connecting, waitNanos, failures);
      DedicatedConnections dedicated = new DedicatedConnections(connector, failures, config.poolSize());
      LettuceConnection connection = new LettuceConnection(resources, client, shared, dedicated, failures, config);
      connection.verify();
      return connection;
    } catch (RuntimeException e) {
      shutdown(client, resources);
      throw e;
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
  private void verify() {
    Command<@Nullable Object> ping = Command.keyless("PING", reply -> reply);
    try {
      await(shared(ping), ping.name(), commandTimeoutNanos + SAFETY_NANOS);
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

  private static RedisURI uri(RedisConfig config, String host, int port) {
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

  @Override
  public @Nullable Object send(Command<?> command) {
    if (command.isBlocking()) {
      return await(blocking(command), command.name(), blockingWaitNanos(command.blockMillis()));
    }
    refuseOnSharedIoThread(command.name());
    return await(shared(command), command.name(), commandTimeoutNanos + SAFETY_NANOS);
  }

  @Override
  public CompletableFuture<@Nullable Object> sendAsync(Command<?> command) {
    return command.isBlocking() ? blocking(command) : shared(command);
  }

  @Override
  public List<@Nullable Object> sendBatch(List<? extends Command<?>> commands) {
    if (commands.isEmpty()) {
      return new ArrayList<>(0);
    }
    String name = commands.get(0).name();
    long blockMillis = maxBlockMillis(commands);
    if (blockMillis >= 0) {
      return await(batchOnDedicated(commands), name, blockingWaitNanos(blockMillis));
    }
    refuseOnSharedIoThread(name);
    if (closed.get()) {
      throw failures.closed(name);
    }
    // Waiting on each call in turn needs no aggregate future: this is the common, synchronous path.
    Call[] calls = dispatchAll(shared, commands, null);
    List<@Nullable Object> replies = new ArrayList<>(calls.length);
    long deadline = System.nanoTime() + commandTimeoutNanos + SAFETY_NANOS;
    for (Call call : calls) {
      try {
        replies.add(call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RecallCommandException error) {
          replies.add(error);
        } else {
          throw rethrow(e.getCause(), call.name());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failures.interrupted(call.name(), e);
      } catch (TimeoutException e) {
        throw failures.notAnswered(call.name(), TimeUnit.NANOSECONDS.toMillis(commandTimeoutNanos));
      }
    }
    return replies;
  }

  @Override
  public CompletableFuture<List<@Nullable Object>> sendBatchAsync(List<? extends Command<?>> commands) {
    if (commands.isEmpty()) {
      return CompletableFuture.completedFuture(new ArrayList<>(0));
    }
    if (maxBlockMillis(commands) >= 0) {
      return batchOnDedicated(commands);
    }
    if (closed.get()) {
      return CompletableFuture.failedFuture(failures.closed(commands.get(0).name()));
    }
    return collect(dispatchAll(shared, commands, null));
  }

  /**
   * Closes the shared and dedicated connections, then Lettuce's threads, each within a bounded time. Commands in
   * flight fail with {@link RecallConnectionException}.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      dedicated.close();
      shutdown(client, resources);
    }
  }

  LettuceFailures failures() {
    return failures;
  }

  /** Notes the I/O thread delivering shared replies; called by {@link Call} on that thread. */
  void repliedOnThisThread() {
    Thread current = Thread.currentThread();
    // Written only when it changes (after a reconnect, or replies from another node), so the hot path does not keep
    // dirtying the cache line.
    if (lastIoThread != current) {
      lastIoThread = current;
      ioThreads.add(current);
    }
  }

  private CompletableFuture<@Nullable Object> shared(Command<?> command) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(failures.closed(command.name()));
    }
    Call call = newCall(command, keyword(command));
    dispatch(shared, call);
    return call;
  }

  private CompletableFuture<@Nullable Object> blocking(Command<?> command) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(failures.closed(command.name()));
    }
    Keyword keyword = keyword(command);
    StatefulConnection<byte[], byte[]> idle = dedicated.pollIdle();
    if (idle != null) {
      return onDedicated(idle, command, keyword);
    }
    return dedicated.open(command.name()).thenCompose(connection -> onDedicated(connection, command, keyword));
  }

  private Call onDedicated(StatefulConnection<byte[], byte[]> connection, Command<?> command, Keyword keyword) {
    Call call = newCall(command, keyword);
    call.lease(dedicated.lease(connection, 1));
    dispatch(connection, call);
    return call;
  }

  // A batch with a blocking command would stall the shared connection just as the single command would.
  private CompletableFuture<List<@Nullable Object>> batchOnDedicated(List<? extends Command<?>> commands) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(failures.closed(commands.get(0).name()));
    }
    StatefulConnection<byte[], byte[]> idle = dedicated.pollIdle();
    CompletableFuture<StatefulConnection<byte[], byte[]>> connection =
        idle != null ? CompletableFuture.completedFuture(idle) : dedicated.open(commands.get(0).name());
    return connection.thenCompose(
        c -> collect(dispatchAll(c, commands, dedicated.lease(c, commands.size()))));
  }

  private Call[] dispatchAll(
      StatefulConnection<byte[], byte[]> connection,
      List<? extends Command<?>> commands,
      DedicatedConnections.@Nullable Lease lease) {
    Call[] calls = new Call[commands.size()];
    for (int i = 0; i < calls.length; i++) {
      Command<?> command = commands.get(i);
      calls[i] = newCall(command, keyword(command));
      if (lease != null) {
        calls[i].lease(lease);
      }
    }
    try {
      // One write and one flush for the whole batch.
      connection.dispatch(Arrays.asList(calls));
    } catch (RuntimeException e) {
      for (Call call : calls) {
        call.completeExceptionally(e);
      }
    }
    return calls;
  }

  private CompletableFuture<List<@Nullable Object>> collect(Call[] calls) {
    return CompletableFuture.allOf(calls).handle((ignored, failure) -> {
      List<@Nullable Object> replies = new ArrayList<>(calls.length);
      for (Call call : calls) {
        switch (call.state()) {
          case SUCCESS -> replies.add(call.resultNow());
          case FAILED -> {
            Throwable error = call.exceptionNow();
            if (!(error instanceof RecallCommandException)) {
              throw new CompletionException(failures.translate(call.name(), error));
            }
            replies.add(error);
          }
          default -> throw new CompletionException(
              failures.translate(call.name(), new java.util.concurrent.CancellationException()));
        }
      }
      return replies;
    });
  }

  private void dispatch(StatefulConnection<byte[], byte[]> connection, Call call) {
    try {
      connection.dispatch(call);
    } catch (RuntimeException e) {
      call.completeExceptionally(e);
    }
  }

  private Call newCall(Command<?> command, Keyword keyword) {
    byte[][] args = command.args();
    byte @Nullable [] routingKey = command.routingKey();
    CommandArgs<byte[], byte[]> wire = new CommandArgs<>(ByteArrayCodec.INSTANCE);
    boolean keyMarked = routingKey == null;
    for (byte[] arg : args) {
      // Marking the key lets a cluster-aware Lettuce route by it later; the bytes on the wire are the same.
      if (!keyMarked && arg == routingKey) {
        wire.addKey(arg);
        keyMarked = true;
      } else {
        wire.add(arg);
      }
    }
    return new Call(this, command.name(), keyword, wire);
  }

  private Keyword keyword(Command<?> command) {
    if (command.isBlocking()) {
      long timeout = commandTimeoutNanos + TimeUnit.MILLISECONDS.toNanos(command.blockMillis());
      return new Keyword(command.nameBytes(), command.name(), timeout);
    }
    Keyword keyword = keywords.get(command.name());
    if (keyword == null) {
      keyword = new Keyword(command.nameBytes(), command.name(), commandTimeoutNanos);
      if (keywords.size() < MAX_KEYWORDS) {
        Keyword raced = keywords.putIfAbsent(command.name(), keyword);
        keyword = raced == null ? keyword : raced;
      }
    }
    return keyword;
  }

  private static long maxBlockMillis(List<? extends Command<?>> commands) {
    long max = -1;
    for (Command<?> command : commands) {
      max = Math.max(max, command.blockMillis());
    }
    return max;
  }

  // A blocking command may first have to open its connection, then waits its block time.
  private long blockingWaitNanos(long blockMillis) {
    return connectTimeoutNanos + commandTimeoutNanos + TimeUnit.MILLISECONDS.toNanos(blockMillis) + SAFETY_NANOS;
  }

  private <T> T await(CompletableFuture<T> future, String command, long waitNanos) {
    try {
      return future.get(waitNanos, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause(), command);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw failures.interrupted(command, e);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw failures.notAnswered(command, TimeUnit.NANOSECONDS.toMillis(waitNanos));
    }
  }

  private RecallException rethrow(@Nullable Throwable cause, String command) {
    RecallException error = failures.translate(command, cause == null ? new IllegalStateException() : cause);
    // It was made on an I/O or timer thread; the caller's stack says far more about where the call came from.
    error.fillInStackTrace();
    return error;
  }

  /**
   * A synchronous call on the thread that delivers shared replies would wait for a reply only that thread can
   * read, freezing every caller until the timeout; this happens when a blocking call is made inside a callback of
   * an asynchronous one.
   */
  private void refuseOnSharedIoThread(String command) {
    if (ioThreads.contains(Thread.currentThread())) {
      throw new RecallConnectionException("cannot wait for " + command + " on Lettuce's I/O thread for "
          + failures.server() + ": it would block the reply; use the asynchronous call inside async callbacks",
          null);
    }
  }

  private static void shutdown(@Nullable AbstractRedisClient client, ClientResources resources) {
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
}
