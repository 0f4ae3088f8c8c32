package dev.recall.contract;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.testkit.RedisTarget;

/** Connects contract tests through the driver under test: the only one on the class path, or the one named. */
public final class Clients {
  private Clients() {}

  /** Returns the driver the suite runs with, from {@code -Drecall.test.driver}, or null for the only one. */
  public static String driver() {
    String driver = System.getProperty("recall.test.driver");
    return driver == null || driver.isBlank() ? null : driver;
  }

  /** Connects to the server (or cluster) with default settings. */
  public static RecallClient connect(RedisTarget server) {
    return connect(RedisConfig.fromUrl(server.url()));
  }

  /** Connects with the given config. */
  public static RecallClient connect(RedisConfig config) {
    String driver = driver();
    return driver == null ? Recall.connect(config) : Recall.connect(config, driver);
  }
}
