package dev.recall.jedis;

import dev.recall.RecallCommandException;
import dev.recall.RecallConnectionException;
import dev.recall.RecallException;
import dev.recall.RecallTimeoutException;
import dev.recall.spi.TlsTrust;
import java.net.SocketTimeoutException;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Turns Jedis's exceptions into Recall's, in one place. */
final class JedisFailures {
  private JedisFailures() {}

  static RecallException translate(String command, String server, RuntimeException e) {
    if (e instanceof RecallException recall) {
      return recall;
    }
    if (e instanceof JedisDataException data && !(e instanceof JedisConnectionException)) {
      return new RecallCommandException(command, String.valueOf(data.getMessage()), e);
    }
    String tls = TlsTrust.describeFailure(e);
    if (tls != null) {
      return new RecallConnectionException("cannot connect to Redis at " + server + " (" + command + "): " + tls, e);
    }
    if (hasCause(e, SocketTimeoutException.class)) {
      return new RecallTimeoutException("Redis at " + server + " did not answer " + command + " in time", e);
    }
    return new RecallConnectionException("cannot reach Redis at " + server + " (" + command + "): " + e.getMessage(), e);
  }

  /**
   * The failure for a handshake refused because the config selects a database the server does not have
   * ({@link #isDatabaseMissing}).
   *
   * @param databases how many databases the server has, or null when it would not say
   */
  static RecallConnectionException databaseMissing(
      String server, int database, @Nullable Integer databases, RuntimeException e) {
    String limit = databases == null
        ? "it has fewer databases (its databases setting, 16 by default; the first is 0)"
        : "it has " + databases + " databases, 0 to " + (databases - 1);
    return new RecallConnectionException(
        "database " + database + " does not exist on Redis at " + server + ": " + limit, e);
  }

  /** Whether the handshake failed on a database index the server does not have. */
  static boolean isDatabaseMissing(RuntimeException e) {
    JedisDataException reply = dataCause(e);
    return reply != null && String.valueOf(reply.getMessage()).contains("DB index is out of range");
  }

  /**
   * The failure for a password sent to a server that requires none. The server's reply repeats the password, so the
   * exception carries no cause.
   */
  static RecallConnectionException passwordNotRequired(String server) {
    return new RecallConnectionException("a password is configured but Redis at " + server + " requires none;"
        + " remove the password, or set one on the server (requirepass)", null);
  }

  /** Whether an {@code AUTH} reply says the server has no password to check (Redis 6+ and older wordings). */
  static boolean isPasswordNotRequired(JedisDataException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("without any password configured") || message.contains("no password is set");
  }

  private static @Nullable JedisDataException dataCause(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof JedisDataException data && !(cause instanceof JedisConnectionException)) {
        return data;
      }
    }
    return null;
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }
}
