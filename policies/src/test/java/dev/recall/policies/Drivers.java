package dev.recall.policies;

import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.testkit.RedisTarget;

/** Connects the tests through a named driver, to a server or a cluster. */
final class Drivers {
  private Drivers() {}

  static RecallClient connect(RedisTarget target, String driver) {
    return Recall.connect(RedisConfig.fromUrl(target.url()), driver);
  }
}
