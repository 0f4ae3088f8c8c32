package dev.recall.jedis;

import dev.recall.RecallCommandException;
import dev.recall.RecallConnectionException;
import dev.recall.RecallException;
import dev.recall.RecallTimeoutException;
import dev.recall.spi.TlsTrust;
import java.net.SocketTimeoutException;
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

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }
}
