package dev.recall.spring;

import dev.recall.testkit.RedisServer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads how many times a server ran a command, from {@code INFO commandstats}. */
final class CommandStats {
  private CommandStats() {}

  /** Resets the server's counters. */
  static void reset(RedisServer server) {
    server.command("CONFIG", "RESETSTAT");
  }

  /** Returns the calls of a command (lower case) since the last reset. */
  static long calls(RedisServer server, String command) {
    String stats = String.valueOf(server.command("INFO", "commandstats"));
    Matcher matcher = Pattern.compile("cmdstat_" + Pattern.quote(command) + ":calls=(\\d+),").matcher(stats);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
  }
}
