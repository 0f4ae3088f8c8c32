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
 * The {@link CommandExecutor} over one driver connection: resends a command the server refused without running it
 * ({@code TRYAGAIN}, {@code LOADING}, {@code CLUSTERDOWN}, {@code MASTERDOWN}; see {@link Refusals}), and a
 * {@linkplain Command#isResendable() resendable} one whose connection failed, for up to the command timeout; reloads
 * Lua scripts when the server answers {@code NOSCRIPT}, names the key in error replies and turns stray driver
 * exceptions into {@link RecallConnectionException}s. In a batch only the refused commands are
 * resent, one by one and in order, after the rest of the batch has run.
 */
public final class DefaultCommandExecutor implements CommandExecutor {
  private final DriverConnection connection;
  private final String driverName;
  private final Subscribers subscribers;
  private final Refusals refusals;
  private final Duration commandTimeout;

  /** Wraps a driver connection, resending refused commands for up to {@link Refusals#DEFAULT_BUDGET}. */
  public DefaultCommandExecutor(DriverConnection connection, String driverName) {
    this(connection, driverName, Refusals.DEFAULT_BUDGET);
  }

  /**
   * Wraps a driver connection, resending a refused command for up to {@code refusalBudget} after its first refusal
   * (the client passes its command timeout).
   */
  public DefaultCommandExecutor(DriverConnection connection, String driverName, Duration refusalBudget) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.driverName = Objects.requireNonNull(driverName, "driverName");
    this.subscribers = new Subscribers(driverName);
    this.refusals = new Refusals(Objects.requireNonNull(refusalBudget, "refusalBudget"));
    this.commandTimeout = refusalBudget;
  }

  @Override
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** Returns how many times a refused command was resent through this executor. */
  public long refusalsRetried() {
    return refusals.retries();
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
      Object reply = sendOrError(command);
      if (reply instanceof RecallException && Refusals.shouldResend(command, reply)) {
        // Only a refused or cut command pays for the retry (the supplier is built here, not on every call).
        reply = refusals.retry(command, reply, () -> sendOrError(command));
      }
      if (reply instanceof RecallException error) {
        throw error;
      }
      return command.parse(reply);
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
    // One stage on the common path; only a refused command composes the retries.
    return sent.handle((reply, failure) -> {
          if (failure == null) {
            return CompletableFuture.completedFuture(command.parse(reply));
          }
          Throwable cause = Futures.unwrap(failure);
          if (Refusals.shouldResend(command, cause)) {
            return refusals.retryAsync(command, cause, () -> sendAsyncOrError(command))
                .thenCompose(last -> last instanceof RecallException error
                    ? afterFailure(command, error) : CompletableFuture.completedFuture(command.parse(last)));
          }
          return afterFailure(command, failure);
        })
        .thenCompose(future -> future);
  }

  /** The failed form of a command's future: reloaded on {@code NOSCRIPT}, else the failure translated. */
  private <T> CompletableFuture<T> afterFailure(Command<T> command, Throwable failure) {
    RuntimeException cause = translate(command, failure);
    Command<T> reload = isNoScript(cause) ? command.onNoScript() : null;
    return reload != null ? executeAsync(reload) : CompletableFuture.failedFuture(cause);
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
    List<@Nullable Object> resent = replies;
    for (int i = 0; i < commands.size(); i++) {
      Command<?> command = commands.get(i);
      if (Refusals.isRefusal(replies.get(i))) {
        resent = resent == replies ? new ArrayList<>(replies) : resent;
        resent.set(i, refusals.retry(command, replies.get(i), () -> sendOrError(command)));
      }
    }
    return parseBatch(commands, resent);
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
          return resendRefusedAsync(commands, replies);
        })
        .thenCompose(future -> future)
        .thenCompose(replies -> reloadLostScriptsAsync(commands, replies))
        .thenApply(replies -> parseBatch(commands, replies));
  }

  /** Replaces each refused reply with the reply of its resending, in order, without blocking. */
  private CompletableFuture<List<@Nullable Object>> resendRefusedAsync(
      List<? extends Command<?>> commands, List<@Nullable Object> replies) {
    CompletableFuture<List<@Nullable Object>> result = CompletableFuture.completedFuture(replies);
    for (int i = 0; i < commands.size(); i++) {
      if (Refusals.isRefusal(replies.get(i))) {
        int index = i;
        Command<?> command = commands.get(i);
        result = result.thenCompose(list -> refusals.retryAsync(command, list.get(index),
                () -> sendAsyncOrError(command))
            .thenApply(reply -> {
              List<@Nullable Object> copy = list == replies ? new ArrayList<>(replies) : list;
              copy.set(index, reply);
              return copy;
            }));
      }
    }
    return result;
  }

  /**
   * Sends one command; an error reply is returned as a {@link RecallCommandException} value, not thrown, and so is
   * the lost connection of a resendable command.
   */
  private @Nullable Object sendOrError(Command<?> command) {
    try {
      return connection.send(command);
    } catch (RecallCommandException e) {
      return e;
    } catch (RecallConnectionException e) {
      if (Refusals.isCut(command, e)) {
        return e;
      }
      throw e;
    }
  }

  /**
   * The asynchronous {@link #sendOrError}: error replies (and a resendable command's lost connection) complete the
   * future, other failures fail it.
   */
  private CompletableFuture<@Nullable Object> sendAsyncOrError(Command<?> command) {
    CompletableFuture<@Nullable Object> sent;
    try {
      sent = connection.sendAsync(command);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return sent.handle((reply, failure) -> {
          if (failure == null) {
            return CompletableFuture.completedFuture(reply);
          }
          Throwable cause = Futures.unwrap(failure);
          return cause instanceof RecallCommandException || Refusals.isCut(command, cause)
              ? CompletableFuture.<@Nullable Object>completedFuture(cause)
              : CompletableFuture.<@Nullable Object>failedFuture(failure);
        })
        .thenCompose(future -> future);
  }

  /** Replaces each NOSCRIPT reply with the raw reply of its reloading command, in order, without blocking. */
  private CompletableFuture<List<@Nullable Object>> reloadLostScriptsAsync(
      List<? extends Command<?>> commands, List<@Nullable Object> replies) {
    CompletableFuture<List<@Nullable Object>> result = CompletableFuture.completedFuture(new ArrayList<>(replies));
    for (int i = 0; i < commands.size(); i++) {
      Command<?> reload = isNoScript(replies.get(i)) ? commands.get(i).onNoScript() : null;
      if (reload != null) {
        int index = i;
        result = result.thenCompose(list -> sendAsyncOrError(reload)
            .thenCompose(first -> refusals.retryAsync(reload, first, () -> sendAsyncOrError(reload)))
            .handle((reply, failure) -> {
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
        reply = refusals.retry(reload, sendOrError(reload), () -> sendOrError(reload));
        if (reply instanceof RecallConnectionException lost) {
          throw lost;
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
