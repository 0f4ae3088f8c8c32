package dev.recall.lettuce;

import dev.recall.RecallCommandException;
import dev.recall.RecallConnectionException;
import dev.recall.RecallException;
import dev.recall.RecallTimeoutException;
import dev.recall.spi.TlsTrust;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Turns Lettuce's exceptions into Recall's, in one place: messages name the server as {@code host:port} and never
 * the password, and Lettuce's exception stays the cause.
 */
final class LettuceFailures {
  private final String server;
  private final @Nullable String password;

  LettuceFailures(String host, int port, @Nullable String password) {
    this((host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port, password);
  }

  /** Names the server in messages as given, such as {@code cluster host1:port1,host2:port2}. */
  LettuceFailures(String server, @Nullable String password) {
    this.server = server;
    this.password = password;
  }

  /** Returns {@code host:port}, for messages. */
  String server() {
    return server;
  }

  /** Translates the failure of one command; Recall's own exceptions pass through unchanged. */
  RecallException translate(String command, Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof RecallException recall) {
      return recall;
    }
    if (e instanceof RedisCommandTimeoutException) {
      return new RecallTimeoutException(
          "Redis at " + server + " did not answer " + command + " in time: " + describe(e), e);
    }
    if (e instanceof RedisCommandExecutionException) {
      return new RecallCommandException(command, scrub(String.valueOf(e.getMessage())), e);
    }
    if (e instanceof CancellationException) {
      return new RecallConnectionException(command + " to Redis at " + server + " was cancelled", e);
    }
    String tls = TlsTrust.describeFailure(e);
    return new RecallConnectionException(
        "cannot reach Redis at " + server + " (" + command + "): " + (tls != null ? scrub(tls) : describe(e)), e);
  }

  /**
   * Translates a failed connection attempt, the handshake included: an {@code AUTH} error is a connection failure
   * here, not a command failure, because no connection came of it.
   */
  RecallConnectionException connectFailure(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof RecallConnectionException recall) {
      return recall;
    }
    if (password != null && isPasswordNotRequired(e)) {
      // The server's reply repeats the password after AUTH: neither it nor Lettuce's exception may travel on.
      return new RecallConnectionException("a password is configured but Redis at " + server + " requires none;"
          + " remove the password, or set one on the server (requirepass)", null);
    }
    // Lettuce's own message only repeats the address ("Unable to connect to ..."); the root cause says why.
    String tls = TlsTrust.describeFailure(e);
    String message = "cannot connect to Redis at " + server + ": "
        + scrub(tls != null ? tls : String.valueOf(root(e).getMessage()));
    return e instanceof RedisCommandTimeoutException
        ? new RecallTimeoutException(message, e)
        : new RecallConnectionException(message, e);
  }

  /** Whether a connect failed because the handshake's {@code SELECT} named a database the server does not have. */
  static boolean isDatabaseMissing(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause()) {
      if (e instanceof RedisCommandExecutionException && String.valueOf(e.getMessage()).contains("DB index is out of range")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The failure for a handshake refused because the config selects a database the server does not have
   * ({@link #isDatabaseMissing}).
   *
   * @param databases how many databases the server has, or null when it would not say
   */
  RecallConnectionException databaseMissing(int database, @Nullable Integer databases, Throwable cause) {
    String limit = databases == null
        ? "it has fewer databases (its databases setting, 16 by default; the first is 0)"
        : "it has " + databases + " databases, 0 to " + (databases - 1);
    return new RecallConnectionException(
        "database " + database + " does not exist on Redis at " + server + ": " + limit, cause);
  }

  /** Whether an {@code AUTH} reply says the server has no password to check (Redis 6+ and older wordings). */
  private static boolean isPasswordNotRequired(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause()) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("without any password configured") || message.contains("no password is set")) {
        return true;
      }
    }
    return false;
  }

  /** The failure for a connection attempt that Lettuce did not finish within the caller's bound. */
  RecallTimeoutException connectTimedOut(long waitedMillis, Throwable cause) {
    return new RecallTimeoutException(
        "cannot connect to Redis at " + server + ": no connection within " + waitedMillis + " ms", cause);
  }

  /** The failure for a command sent after {@code close()}. */
  RecallConnectionException closed(String command) {
    return new RecallConnectionException(
        "the connection to Redis at " + server + " is closed; cannot send " + command, null);
  }

  /** The failure for a sync call that waited past its safety deadline (Lettuce's own timeout should come first). */
  RecallTimeoutException notAnswered(String command, long waitedMillis) {
    return new RecallTimeoutException(
        "Redis at " + server + " did not answer " + command + " within " + waitedMillis + " ms", null);
  }

  /** The failure for a caller interrupted while it waited for a reply. */
  RecallConnectionException interrupted(String command, InterruptedException e) {
    return new RecallConnectionException(
        "interrupted while waiting for Redis at " + server + " (" + command + ")", e);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable e = failure;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static Throwable root(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  // The top-level message with the root cause's added when it says something more.
  private String describe(Throwable e) {
    Throwable root = root(e);
    String text = String.valueOf(e.getMessage());
    if (root != e && root.getMessage() != null && !text.contains(root.getMessage())) {
      text = text + " (" + root.getMessage() + ")";
    }
    return scrub(text);
  }

  private String scrub(String message) {
    return password == null ? message : message.replace(password, "***");
  }
}
