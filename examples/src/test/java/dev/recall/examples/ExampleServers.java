package dev.recall.examples;

/** What the examples' tests need to know about the server the examples pick when none is given. */
final class ExampleServers {
  private ExampleServers() {}

  /** Returns whether {@code REDIS_URL} is set, so an example given no server uses it instead of starting its own. */
  static boolean redisUrlSet() {
    String url = System.getenv("REDIS_URL");
    return url != null && !url.isBlank();
  }
}
