package dev.recall.spi;

import dev.recall.RecallCommandException;
import dev.recall.RecallPermissionException;
import dev.recall.RecallConnectionException;
import dev.recall.RecallException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@link Command}s through a driver and parses their replies: the one path every Recall feature takes to
 * Redis. It reloads Lua scripts transparently when the server answers {@code NOSCRIPT} and turns any stray driver
 * exception into a {@link RecallConnectionException}. Thread-safe.
 */
public final class RedisExecutor {
  private final DriverConnection connection;
  private final String driverName;

  /** Wraps a driver connection. */
  public RedisExecutor(DriverConnection connection, String driverName) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.driverName = Objects.requireNonNull(driverName, "driverName");
  }

  /** Returns the name of the driver underneath, such as {@code lettuce}. */
  public String driverName() {
    return driverName;
  }

  /**
   * Runs one command and returns its parsed reply.
   *
   * @throws RecallCommandException when the server answers with an error
   * @throws RecallConnectionException when the server cannot be reached or does not answer in time
   */
  public <T> T execute(Command<T> command) {
    try {
      return command.parse(connection.send(command));
    } catch (RecallCommandException e) {
      Command<T> reload = command.onNoScript();
      if (reload != null && "NOSCRIPT".equals(e.errorCode())) {
        return execute(reload);
      }
      throw withKey(command, e);
    } catch (RecallException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unexpected(command, e);
    }
  }

  /** Runs one command without blocking; the future fails with the exceptions {@link #execute} throws. */
  public <T> CompletableFuture<T> executeAsync(Command<T> command) {
    CompletableFuture<@Nullable Object> sent;
    try {
      sent = connection.sendAsync(command);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(translate(command, e));
    }
    return sent.handle((reply, failure) -> {
          if (failure == null) {
            return CompletableFuture.completedFuture(command.parse(reply));
          }
          RuntimeException cause = translate(command, failure);
          Command<T> reload = command.onNoScript();
          if (reload != null && cause instanceof RecallCommandException ce && "NOSCRIPT".equals(ce.errorCode())) {
            return executeAsync(reload);
          }
          return CompletableFuture.<T>failedFuture(cause);
        })
        .thenCompose(future -> future);
  }

  /**
   * Runs several non-blocking commands in one round trip and returns their parsed replies in order. Scripts the
   * server has lost are reloaded and rerun in their order, after the rest of the batch has run; a batch whose
   * commands depend on a script's effect should put the script last or run it alone.
   *
   * @throws RecallCommandException for the first command the server rejected, after all have run
   * @throws RecallConnectionException when the server cannot be reached or does not answer in time
   */
  public List<@Nullable Object> executeBatch(List<? extends Command<?>> commands) {
    List<@Nullable Object> replies;
    try {
      replies = connection.sendBatch(commands);
    } catch (RecallException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unexpected(commands.isEmpty() ? null : commands.get(0), e);
    }
    return parseBatch(commands, replies);
  }

  /**
   * Runs several commands in one round trip without blocking; see {@link #executeBatch}. Lost scripts are reloaded
   * without blocking too, so the future may complete on a driver's I/O thread: do not block in its callbacks.
   */
  public CompletableFuture<List<@Nullable Object>> executeBatchAsync(List<? extends Command<?>> commands) {
    CompletableFuture<List<@Nullable Object>> sent;
    try {
      sent = connection.sendBatchAsync(commands);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(translate(commands.isEmpty() ? null : commands.get(0), e));
    }
    return sent.handle((replies, failure) -> {
          if (failure != null) {
            return CompletableFuture.<List<@Nullable Object>>failedFuture(
                translate(commands.isEmpty() ? null : commands.get(0), failure));
          }
          return reloadLostScriptsAsync(commands, replies);
        })
        .thenCompose(future -> future)
        .thenApply(replies -> parseBatch(commands, replies));
  }

  /** Replaces each NOSCRIPT reply with the raw reply of its reloading command, in order, without blocking. */
  private CompletableFuture<List<@Nullable Object>> reloadLostScriptsAsync(
      List<? extends Command<?>> commands, List<@Nullable Object> replies) {
    CompletableFuture<List<@Nullable Object>> result = CompletableFuture.completedFuture(new ArrayList<>(replies));
    for (int i = 0; i < commands.size(); i++) {
      Command<?> reload = commands.get(i).onNoScript();
      if (reload != null && isNoScript(replies.get(i))) {
        int index = i;
        result = result.thenCompose(list -> connection.sendAsync(reload).handle((reply, failure) -> {
          list.set(index, failure == null ? reply : translate(reload, failure));
          return list;
        }));
      }
    }
    return result;
  }

  private List<@Nullable Object> parseBatch(List<? extends Command<?>> commands, List<@Nullable Object> replies) {
    List<@Nullable Object> parsed = new ArrayList<>(replies.size());
    RecallCommandException firstError = null;
    for (int i = 0; i < commands.size(); i++) {
      Command<?> command = commands.get(i);
      Object reply = replies.get(i);
      Command<?> reload = command.onNoScript();
      if (reload != null && isNoScript(reply)) {
        try {
          reply = connection.send(reload);
        } catch (RecallCommandException retryError) {
          reply = retryError;
        }
      }
      if (reply instanceof RecallCommandException plain) {
        RecallCommandException error = withKey(command, plain);
        firstError = firstError == null ? error : firstError;
        parsed.add(error);
      } else {
        parsed.add(command.parse(reply));
      }
    }
    if (firstError != null) {
      throw firstError;
    }
    return parsed;
  }

  private static boolean isNoScript(@Nullable Object reply) {
    return reply instanceof RecallCommandException error && "NOSCRIPT".equals(error.errorCode());
  }

  private RuntimeException translate(@Nullable Command<?> command, Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RecallCommandException error && command != null) {
      return withKey(command, error);
    }
    if (cause instanceof RecallException recall) {
      return recall;
    }
    return unexpected(command, cause);
  }

  /**
   * Names the command's key in an error reply's exception, and turns {@code NOPERM} into a
   * {@link RecallPermissionException}.
   */
  private static RecallCommandException withKey(Command<?> command, RecallCommandException error) {
    byte[] routingKey = command.routingKey();
    if (error.key() != null || routingKey == null && !error.isPermissionDenied()) {
      return error;
    }
    String key = routingKey == null ? null : new String(routingKey, java.nio.charset.StandardCharsets.UTF_8);
    return error.isPermissionDenied()
        ? new RecallPermissionException(error.command(), key, error.reply(), error)
        : new RecallCommandException(error.command(), key, error.reply(), error);
  }

  private RecallConnectionException unexpected(@Nullable Command<?> command, Throwable cause) {
    String what = command == null ? "a batch" : command.name();
    return new RecallConnectionException(
        "the " + driverName + " driver failed on " + what + ": " + cause, cause);
  }
}
