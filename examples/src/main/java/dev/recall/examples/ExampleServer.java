package dev.recall.examples;

import dev.recall.RedisConfig;
import dev.recall.testkit.RedisServer;
import java.io.PrintStream;
import org.jspecify.annotations.Nullable;

/**
 * The server an example talks to: the Redis Cluster named with {@code --cluster}, else the server named with
 * {@code --redis}, else {@code REDIS_URL}, else a private
 * Redis ({@code redis-server} from the {@code PATH}, else the embedded binary) started on a free loopback port and
 * stopped on close. Never any other server.
 */
final class ExampleServer implements AutoCloseable {
  private final RedisConfig config;
  private final @Nullable RedisServer embedded;

  private ExampleServer(RedisConfig config, @Nullable RedisServer embedded) {
    this.config = config;
    this.embedded = embedded;
  }

  static ExampleServer resolve(Options options, PrintStream out) {
    if (options.cluster() != null) {
      out.println("Using the Redis Cluster you named: " + options.cluster());
      return new ExampleServer(options.cluster(), null);
    }
    String url = options.redisUrl();
    if (url == null) {
      String env = System.getenv("REDIS_URL");
      url = env == null || env.isBlank() ? null : env;
    }
    if (url != null) {
      RedisConfig config = RedisConfig.fromUrl(url);
      out.println("Using the Redis server you named: " + config);
      return new ExampleServer(config, null);
    }
    RedisServer server = RedisServer.spawn();
    out.println("Started a private Redis for this run on " + server.host() + ":" + server.port()
        + " (stopped on exit; pass --redis URL to use your own)");
    return new ExampleServer(RedisConfig.fromUrl(server.url()), server);
  }

  RedisConfig config() {
    return config;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
