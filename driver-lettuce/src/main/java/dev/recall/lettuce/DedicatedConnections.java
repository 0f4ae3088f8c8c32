package dev.recall.lettuce;

import io.lettuce.core.api.StatefulConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Connections of their own for blocking commands, which would otherwise stall every caller queued behind them on
 * the shared connection. Idle connections are reused most-recent first and at most {@code maxIdle} are kept; a
 * connection whose command failed or timed out is closed, since the server may still be holding that command.
 */
final class DedicatedConnections {
  private final Supplier<? extends CompletionStage<? extends StatefulConnection<byte[], byte[]>>> connector;
  private final LettuceFailures failures;
  private final int maxIdle;
  private final ConcurrentLinkedDeque<StatefulConnection<byte[], byte[]>> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleCount = new AtomicInteger();
  private volatile boolean closed;

  /** Opens connections with {@code connector}: one to a server, or a cluster connection that routes by key. */
  DedicatedConnections(Supplier<? extends CompletionStage<? extends StatefulConnection<byte[], byte[]>>> connector,
      LettuceFailures failures, int maxIdle) {
    this.connector = connector;
    this.failures = failures;
    this.maxIdle = maxIdle;
  }

  /** Returns an open idle connection, or {@code null} when a new one must be opened with {@link #open}. */
  @Nullable StatefulConnection<byte[], byte[]> pollIdle() {
    StatefulConnection<byte[], byte[]> connection;
    while ((connection = idle.pollFirst()) != null) {
      idleCount.decrementAndGet();
      if (connection.isOpen()) {
        return connection;
      }
      // Lost while idle; Lettuce would reconnect it, but a fresh one is as cheap and known to be good.
      connection.closeAsync();
    }
    return null;
  }

  /** Opens a new connection without blocking; the future fails with a {@code RecallConnectionException}. */
  CompletableFuture<StatefulConnection<byte[], byte[]>> open(String command) {
    return connector.get().toCompletableFuture().<StatefulConnection<byte[], byte[]>>handle((connection, failure) -> {
      if (failure != null) {
        throw new CompletionException(failures.connectFailure(failure));
      }
      if (closed) {
        connection.closeAsync();
        throw new CompletionException(failures.closed(command));
      }
      return connection;
    });
  }

  /** Starts a lease for {@code calls} commands sent together on the connection. */
  Lease lease(StatefulConnection<byte[], byte[]> connection, int calls) {
    return new Lease(connection, calls);
  }

  /**
   * Stops lending connections. Closing them is left to the client's shutdown, which closes every connection it
   * opened; closing them here as well would only make Lettuce warn about closing twice.
   */
  void close() {
    closed = true;
    idle.clear();
  }

  private void giveBack(StatefulConnection<byte[], byte[]> connection, boolean reusable) {
    if (closed) {
      return;
    }
    if (reusable && connection.isOpen()) {
      if (idleCount.incrementAndGet() <= maxIdle) {
        idle.offerFirst(connection);
        return;
      }
      idleCount.decrementAndGet();
    }
    connection.closeAsync();
  }

  /**
   * One borrowing of a connection by one or more calls: it goes back to the pool when the last call ended cleanly,
   * and is closed as soon as any call failed.
   */
  final class Lease {
    private final StatefulConnection<byte[], byte[]> connection;
    private final AtomicInteger pending;
    private final AtomicBoolean ended = new AtomicBoolean();

    private Lease(StatefulConnection<byte[], byte[]> connection, int calls) {
      this.connection = connection;
      this.pending = new AtomicInteger(calls);
    }

    /** Records that one call ended; {@code reusable} is false when the connection's state is unknown. */
    void end(boolean reusable) {
      if (!reusable) {
        if (ended.compareAndSet(false, true)) {
          giveBack(connection, false);
        }
      } else if (pending.decrementAndGet() == 0 && ended.compareAndSet(false, true)) {
        giveBack(connection, true);
      }
    }
  }
}
