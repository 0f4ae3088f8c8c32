package dev.recall.lettuce;

import dev.recall.RecallCommandException;
import dev.recall.RecallConnectionException;
import dev.recall.RecallException;
import dev.recall.RedisConfig;
import dev.recall.spi.Command;
import dev.recall.spi.pubsub.PubSubTransport;
import dev.recall.spi.DriverConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.resource.ClientResources;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
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
  static final long SAFETY_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Command names seen beyond this many are not cached; only a caller inventing names would get there. */
  private static final int MAX_KEYWORDS = 512;

  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final StatefulConnection<byte[], byte[]> shared;
  private final DedicatedConnections dedicated;
  private final LettuceFailures failures;
  private final long commandTimeoutNanos;
  private final long connectTimeoutNanos;
  private final RedisConfig config;
  private final ConcurrentHashMap<String, Keyword> keywords = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  // The I/O threads that delivered shared replies (one per node connection on a cluster), to refuse a call that
  // would deadlock; the last one is kept apart so the hot path only writes when it changes.
  private final Set<Thread> ioThreads = ConcurrentHashMap.newKeySet();
  private @Nullable Thread lastIoThread;

  /** Takes over what {@link LettuceConnector#open} opened; the shared connection is not verified here. */
  LettuceConnection(
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
    this.config = config;
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
   * Returns a transport whose pub/sub connections run on this connection's I/O threads.
   *
   * @throws RecallConnectionException when this connection is closed
   */
  @Override
  public PubSubTransport pubSub() {
    if (closed.get()) {
      throw failures.closed("SUBSCRIBE");
    }
    return new LettucePubSubTransport(config, resources, client instanceof RedisClusterClient cluster ? cluster
        : null, failures);
  }

  /**
   * Closes the shared and dedicated connections, then Lettuce's threads, each within a bounded time. Commands in
   * flight fail with {@link RecallConnectionException}.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      dedicated.close();
      LettuceConnector.shutdown(client, resources);
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
}
