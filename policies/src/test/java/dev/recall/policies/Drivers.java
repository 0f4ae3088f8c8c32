package dev.recall.policies;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.testkit.RedisServer;

/** Connects the tests through a named driver. */
final class Drivers {
  private Drivers() {}

  static RecallClient connect(RedisServer server, String driver) {
    return Recall.connect(RedisConfig.fromUrl(server.url()), driver);
  }
}
