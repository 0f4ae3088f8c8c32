package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.testkit.RedisServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one test server executed while an action ran, read from the server itself: {@code INFO commandstats} (calls
 * per command, the commands scripts run included) and the slow log with a threshold of 0, which logs every command
 * with the address of the client that sent it, {@code ?:0} for the commands a script ran. Together they tell the
 * commands a client sent from those its scripts ran. Changes the server's slow log settings until {@link #close}.
 */
final class ServerCounters implements AutoCloseable {
  private static final Pattern STAT = Pattern.compile("cmdstat_([^:]+):calls=(\\d+),");
  /** Where the slow log says a command came from a script rather than from a client. */
  private static final String SCRIPT_CLIENT = "?:0";

  private final RedisServer server;
  private final String threshold;
  private final String maxLength;

  ServerCounters(RedisServer server) {
    this.server = server;
    this.threshold = configValue("slowlog-log-slower-than");
    this.maxLength = configValue("slowlog-max-len");
    server.command("CONFIG", "SET", "slowlog-log-slower-than", "0");
    server.command("CONFIG", "SET", "slowlog-max-len", "10000");
  }

  /**
   * Resets the counters, runs {@code action}, and returns what the server executed meanwhile. The action's client
   * must be warmed up before (connected, its scripts loaded), or its set-up commands are counted too.
   */
  Executed during(Runnable action) {
    server.command("SLOWLOG", "RESET");
    server.command("CONFIG", "RESETSTAT");
    action.run();
    String stats = String.valueOf(server.command("INFO", "commandstats"));
    List<?> log = (List<?>) server.command("SLOWLOG", "GET", "10000");

    Map<String, Long> calls = new TreeMap<>();
    Matcher matcher = STAT.matcher(stats);
    while (matcher.find()) {
      if (!isOwn(matcher.group(1))) {
        calls.merge(matcher.group(1), Long.parseLong(matcher.group(2)), Long::sum);
      }
    }
    List<String> sent = new ArrayList<>();
    int fromScripts = 0;
    // The slow log lists the newest entry first.
    for (Object item : log.reversed()) {
      List<?> entry = (List<?>) item;
      List<?> args = (List<?>) entry.get(3);
      String command = String.valueOf(args.get(0)).toLowerCase(Locale.ROOT);
      if (isOwn(command)) {
        continue;
      }
      if (SCRIPT_CLIENT.equals(entry.get(4))) {
        fromScripts++;
      } else {
        sent.add(command);
      }
    }
    return new Executed(calls, sent, fromScripts);
  }

  /** The commands this helper sends itself; Recall never sends them in a call. */
  private static boolean isOwn(String command) {
    return command.equals("config") || command.startsWith("config|") || command.equals("info")
        || command.equals("slowlog") || command.startsWith("slowlog|");
  }

  private String configValue(String name) {
    return String.valueOf(((List<?>) server.command("CONFIG", "GET", name)).get(1));
  }

  @Override
  public void close() {
    server.command("CONFIG", "SET", "slowlog-log-slower-than", threshold);
    server.command("CONFIG", "SET", "slowlog-max-len", maxLength);
    server.command("SLOWLOG", "RESET");
  }

  /**
   * What the server executed.
   *
   * @param calls calls per command from {@code INFO commandstats} (lower case, subcommands as {@code cmd|sub}),
   *     commands run by scripts included
   * @param sent the commands clients sent, in order, from the slow log
   * @param fromScripts how many commands scripts ran, from the slow log
   */
  record Executed(Map<String, Long> calls, List<String> sent, int fromScripts) {

    /**
     * Asserts that clients sent exactly {@code scriptCalls} commands, all {@code EVALSHA}, and nothing else: no
     * script sent as source or loaded, no other command.
     */
    void assertOnlyScriptCalls(int scriptCalls) {
      assertOnlySent(Collections.nCopies(scriptCalls, "evalsha"));
      // Scripts cannot call scripts, so INFO commandstats alone must show the same number.
      assertThat(calls.get("evalsha")).as("EVALSHA in INFO commandstats: %s", calls).isEqualTo(scriptCalls);
      assertThat(calls).as("no script was sent as source or loaded").doesNotContainKeys("eval", "script",
          "script|load");
    }

    /**
     * Asserts that clients sent exactly these commands (lower case, in order), each one counted by
     * {@code INFO commandstats} too, and that the slow log saw every command the counters counted (so neither
     * missed one).
     */
    void assertOnlySent(List<String> commands) {
      assertThat(sent).as("the commands clients sent (slow log); all counted: %s", calls).isEqualTo(commands);
      for (String command : Set.copyOf(commands)) {
        assertThat(calls.getOrDefault(command, 0L)).as("%s in INFO commandstats: %s", command, calls)
            .isGreaterThanOrEqualTo(Collections.frequency(commands, command));
      }
      long counted = calls.values().stream().mapToLong(Long::longValue).sum();
      assertThat(sent.size() + fromScripts).as("the slow log holds every command counted: %s", calls)
          .isEqualTo(counted);
    }
  }
}
