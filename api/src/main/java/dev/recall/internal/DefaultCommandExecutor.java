package dev.recall.internal;

import dev.recall.RecallCommandException;
import dev.recall.RecallPermissionException;
import dev.recall.RecallConnectionException;
import dev.recall.RecallException;
import dev.recall.internal.pubsub.Subscribers;
import dev.recall.spi.Command;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.DriverConnection;
import dev.recall.spi.Subscriber;
import dev.recall.spi.SubscriptionListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CommandExecutor} over one driver connection: reloads Lua scripts when the server answers
 * {@code NOSCRIPT}, names the key in error replies and turns stray driver exceptions into
 * {@link RecallConnectionException}s.
 */
public final class DefaultCommandExecutor implements CommandExecutor {
  private final DriverConnection connection;
  private final String driverName;
  private final Subscribers subscribers;

  /** Wraps a driver connection. */
  public DefaultCommandExecutor(DriverConnection connection, String driverName) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.driverName = Objects.requireNonNull(driverName, "driverName");
    this.subscribers = new Subscribers(driverName);
  }

  @Override
  public String driverName() {
    return driverName;
  }

  @Override
  public Subscriber subscriber(SubscriptionListener listener, Duration pingInterval) {
    return subscribers.open(connection::pubSub, listener, pingInterval);
  }

  /** Closes the subscribers opened through this executor; later {@link #subscriber} calls fail. */
  public void closeSubscribers() {
    subscribers.closeAll();
  }

  @Override
  public <T> T execute(Command<T> command) {
    try {
      return command.parse(connection.send(command));
    } catch (RecallCommandException e) {
      if ("NOSCRIPT".equals(e.errorCode())) {
        Command<T> reload = command.onNoScript();
        if (reload != null) {
          return execute(reload);
        }
      }
      throw withKey(command, e);
    } catch (RecallException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unexpected(command, e);
    }
  }

  @Override
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
          Command<T> reload = isNoScript(cause) ? command.onNoScript() : null;
          if (reload != null) {
            return executeAsync(reload);
          }
          return CompletableFuture.<T>failedFuture(cause);
        })
        .thenCompose(future -> future);
  }

  @Override
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

  @Override
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
      Command<?> reload = isNoScript(replies.get(i)) ? commands.get(i).onNoScript() : null;
      if (reload != null) {
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
      Command<?> reload = isNoScript(reply) ? command.onNoScript() : null;
      if (reload != null) {
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
    Throwable cause = Futures.unwrap(failure);
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
