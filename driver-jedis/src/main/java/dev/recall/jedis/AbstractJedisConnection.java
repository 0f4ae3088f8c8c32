package dev.recall.jedis;

import dev.recall.RecallConnectionException;
import dev.recall.RedisConfig;
import dev.recall.spi.Command;
import dev.recall.spi.pubsub.PubSubTransport;
import dev.recall.spi.DriverConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * What both Jedis transports share: the {@link Admission} of non-blocking callers, a batch's admission and read
 * timeout, the asynchronous forms (the synchronous call on a virtual thread) and closing once. A transport supplies
 * how a single command and an admitted batch reach the server, and what it closes.
 *
 * <p>The synchronous calls run on the caller's thread; only the {@code *Async} forms hand off to a virtual thread.
 */
abstract sealed class AbstractJedisConnection implements DriverConnection
    permits JedisDriverConnection, JedisClusterConnection {
  /** The {@code timeout} of {@link #runBatch} for a non-blocking batch. */
  static final int NOT_BLOCKING = -1;

  /** How failures name the server: {@code host:port}, or {@code cluster} and the seeds. */
  final String server;
  /** The config the connection was opened with; subscribers' connections use it too. */
  final RedisConfig config;
  final Admission admission;
  final int socketTimeoutMillis;
  private final ExecutorService asyncExecutor = Executors.newVirtualThreadPerTaskExecutor();

  /** Sets up admission for {@code config.poolSize()} callers; {@code server} names the server in failures. */
  AbstractJedisConnection(RedisConfig config, String server) {
    this.server = server;
    this.config = config;
    this.admission = new Admission(config.poolSize(), config.connectTimeout().plus(config.commandTimeout()), server);
    this.socketTimeoutMillis = toIntMillis(config.commandTimeout());
  }

  /**
   * Sends a non-empty batch and returns the normalized replies in order. A non-blocking batch holds an admission
   * permit meanwhile; a blocking one does not, and its read timeout outlasts its longest block time.
   *
   * @param name the name failures report: the first command's
   * @param timeout the read timeout for a blocking batch, or {@link #NOT_BLOCKING}
   * @throws dev.recall.RecallException translated from Jedis's failure; error replies stay in place as values
   */
  abstract List<@Nullable Object> runBatch(List<? extends Command<?>> commands, String name, int timeout);

  /** Closes the transport's connections; called once, by the first {@link #close()}. */
  abstract void closeConnections();

  /** Returns what a subscriber needs from this transport: its connections' config, and the cluster's nodes. */
  abstract PubSubTransport pubSubTransport();

  /** Called after a batch gave its admission permit back, so a transport can hand the permit on. */
  void permitReleased() {}

  @Override
  public final CompletableFuture<@Nullable Object> sendAsync(Command<?> command) {
    return CompletableFuture.supplyAsync(() -> send(command), asyncExecutor);
  }

  /**
   * Admits a non-blocking batch (a blocking one only checks that the client is open) and sends it.
   *
   * @throws RecallConnectionException when the client is closed or the connection failed
   * @throws dev.recall.RecallTimeoutException when no connection came free in time, or the replies did not come
   */
  @Override
  public final List<@Nullable Object> sendBatch(List<? extends Command<?>> commands) {
    if (commands.isEmpty()) {
      return List.of();
    }
    String name = commands.get(0).name();
    long blockMillis = -1; // a batch blocks as long as its longest blocking command; -1 as Command says: none
    for (Command<?> command : commands) {
      blockMillis = Math.max(blockMillis, command.blockMillis());
    }
    if (blockMillis >= 0) {
      admission.checkOpen(name);
      return runBatch(commands, name, blockTimeout(blockMillis));
    }
    admission.admit(name);
    try {
      return runBatch(commands, name, NOT_BLOCKING);
    } finally {
      admission.release();
      permitReleased();
    }
  }

  @Override
  public final CompletableFuture<List<@Nullable Object>> sendBatchAsync(List<? extends Command<?>> commands) {
    return CompletableFuture.supplyAsync(() -> sendBatch(commands), asyncExecutor);
  }

  /**
   * Returns a transport whose connections each have a platform daemon thread reading them.
   *
   * @throws RecallConnectionException when this connection is closed
   */
  @Override
  public final PubSubTransport pubSub() {
    admission.checkOpen("SUBSCRIBE");
    return pubSubTransport();
  }

  /** Refuses further commands and closes the connections; later calls do nothing. */
  @Override
  public final void close() {
    if (admission.close()) {
      asyncExecutor.shutdown();
      closeConnections();
    }
  }

  /** Runs background work (not a caller's command) on the transport's virtual threads. */
  final void runAsync(Runnable task) {
    asyncExecutor.execute(task);
  }

  /** The read timeout of a command the server may hold for {@code blockMillis}: the read must outlast it. */
  final int blockTimeout(long blockMillis) {
    return (int) Math.min(Integer.MAX_VALUE, socketTimeoutMillis + blockMillis);
  }

  static int toIntMillis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
  }
}
