package dev.recall.testkit;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real Redis server: one per test run (the {@code REDIS_URL} server, else a spawned
 * {@code redis-server}), emptied before each test so tests run in any order, and stopped when the run ends.
 * Declare a {@link RedisServer} parameter on a test, constructor or lifecycle method to receive it. Tests that
 * stop or restart a server spawn their own with {@link RedisServer#spawn(String...)}.
 */
public final class RedisServerExtension implements BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisServerExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    server(context).flush();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RedisServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  /** Returns the run's shared server, starting it on first use. */
  public static RedisServer server(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent("server", key -> new SharedServer(RedisServer.start()), SharedServer.class)
        .server();
  }

  /** Stops the shared server when JUnit closes the root store at the end of the run. */
  private record SharedServer(RedisServer server) implements AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }
}
