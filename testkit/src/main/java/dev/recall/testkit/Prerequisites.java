package dev.recall.testkit;

import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine it runs on. On a developer's machine a test whose need is not met is skipped;
 * in CI (the {@code CI} environment variable is {@code true}, as CI services set it) it fails instead, so a suite
 * never goes silently unrun there. Needs JUnit 5 on the class path.
 */
public final class Prerequisites {
  private Prerequisites() {}

  /**
   * Returns normally when the {@code redis-server} the test kit runs ({@link RedisBinaries#redisServer()}) was built
   * with TLS.
   *
   * @throws org.opentest4j.TestAbortedException when it was not (the test is skipped)
   * @throws org.opentest4j.AssertionFailedError when it was not and this is a CI run whose {@code RECALL_CI_WAIVE}
   *     does not name {@code tls}
   */
  public static void redisWithTls() {
    Path binary = RedisBinaries.redisServer();
    require("tls", RedisBinaries.supportsTls(binary), "redis-server at " + binary
        + " was built without TLS; install one with TLS (Debian's redis-server is) or set REDIS_SERVER");
  }

  /**
   * Returns normally when the {@code redis-server} the test kit runs is at least version {@code major}.0, which
   * {@code feature} needs (sharded pub/sub, for example, came with 7.0).
   *
   * @param major the oldest major version that has the feature, such as 7
   * @param feature what the test needs that version for, named in the skip or failure message
   * @throws org.opentest4j.TestAbortedException when it is older (the test is skipped)
   * @throws org.opentest4j.AssertionFailedError when it is older and this is a CI run whose {@code RECALL_CI_WAIVE}
   *     does not name {@code redis<major>} ({@code redis7})
   */
  public static void redisAtLeast(int major, String feature) {
    int found = RedisBinaries.majorVersion(RedisBinaries.redisServer());
    require("redis" + major, found >= major, feature + " needs Redis " + major + ".0 or newer; the test kit runs "
        + RedisBinaries.redisServer() + " (major version " + found + "); install a newer one or set REDIS_SERVER");
  }

  /**
   * Returns normally when {@code met}; otherwise skips the test, or fails it in CI.
   *
   * @param met whether the test's need is met
   * @param unmet what is missing and how to get it, for the skip or failure message
   * @throws org.opentest4j.TestAbortedException when not met (the test is skipped)
   * @throws org.opentest4j.AssertionFailedError when not met and this is a CI run
   */
  public static void require(boolean met, String unmet) {
    require("", met, unmet);
  }

  /**
   * Like {@link #require(boolean, String)}, except that a CI run whose {@code RECALL_CI_WAIVE} variable names
   * {@code need} (a comma-separated list such as {@code tls,redis7}) skips the test too: the CI script sets it, and
   * says so in its log, when it has to fall back to a server that cannot have what the test needs.
   */
  private static void require(String need, boolean met, String unmet) {
    if (met) {
      return;
    }
    if (isCi() && !waived(need)) {
      Assertions.fail(unmet + " (a test that would be skipped fails in CI, where CI=true"
          + (need.isEmpty() ? "" : "; RECALL_CI_WAIVE=" + need + " lets it skip") + ")");
    }
    Assumptions.abort(unmet);
  }

  private static boolean waived(String need) {
    String waive = System.getenv("RECALL_CI_WAIVE");
    if (need.isEmpty() || waive == null) {
      return false;
    }
    return java.util.Arrays.stream(waive.split(",")).map(String::strip).anyMatch(need::equalsIgnoreCase);
  }

  /**
   * Returns normally when {@code target} runs {@code DEBUG} commands, which fault tests use to hold the server
   * ({@code DEBUG SLEEP}). The test kit's own servers allow them; a server named by {@code REDIS_URL} may not
   * (Redis 7 refuses them unless started with {@code enable-debug-command}). Then the test is skipped, in CI too:
   * CI starts its own servers, so such a test still runs there.
   *
   * @param target the server or cluster the test runs against; sent {@code DEBUG SLEEP 0}
   * @throws org.opentest4j.TestAbortedException when the server refuses {@code DEBUG}
   */
  public static void debugCommands(RedisTarget target) {
    try {
      target.command("DEBUG", "SLEEP", "0");
    } catch (RedisServerException e) {
      // Not the URL: it may carry a password.
      Assumptions.abort("this test holds the server with DEBUG SLEEP, which the server it was given refuses ("
          + e.getMessage() + "); run it on a server the test kit starts, or one with enable-debug-command");
    }
  }

  /**
   * {@return whether this is a CI run: the {@code CI} environment variable is {@code true}, {@code 1} or
   * {@code yes} (CI services set one of these)}
   */
  public static boolean isCi() {
    String ci = System.getenv("CI");
    return ci != null && (ci.equalsIgnoreCase("true") || ci.equals("1") || ci.equalsIgnoreCase("yes"));
  }
}
