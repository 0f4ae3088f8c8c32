package dev.recall.testkit;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Gives tests a real Redis: one server per test run (the {@code REDIS_URL} server, else a spawned
 * {@code redis-server}) and, for classes annotated {@link OnRedisCluster}, one {@link RedisCluster} per test run,
 * each started on first use, emptied before each test of the classes that use it so tests run in any order, and
 * stopped when the run ends. Declare a {@link RedisServer}, {@link RedisCluster} or {@link RedisTarget} parameter on
 * a test, constructor or lifecycle method to receive one; a {@code RedisTarget} is the cluster in an
 * {@code @OnRedisCluster} class and the server otherwise. Tests that stop or restart a server spawn their own with
 * {@link RedisServer#spawn(String...)}.
 *
 * <p>For your own tests too: add {@code dev.recall:recall-testkit} in test scope and
 * {@code @ExtendWith(RedisServerExtension.class)} on the class. The server is {@code REDIS_URL}'s when that is set
 * (its database is emptied before each test: point it only at a scratch server), else a {@code redis-server} process
 * on a free loopback port: the {@code PATH}'s when it is Redis 6.2 or newer, else the binary shipped in
 * {@code com.github.codemonstur:embedded-redis} ({@code REDIS_SERVER} names another binary). No Docker, no network
 * beyond loopback; the processes are stopped at the end of the run, or at JVM exit at the latest.
 */
public final class RedisServerExtension implements BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisServerExtension.class);

  /** Creates the extension; JUnit does, for {@code @ExtendWith(RedisServerExtension.class)}. */
  public RedisServerExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    target(context).flush();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == RedisServer.class || type == RedisCluster.class || type == RedisTarget.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == RedisServer.class) {
      return server(context);
    }
    return type == RedisCluster.class ? cluster(context) : target(context);
  }

  /**
   * {@return the run's shared server, starting it on first use}
   *
   * @param context any context of the run; its root store keeps the server until the run ends
   */
  public static RedisServer server(ExtensionContext context) {
    return (RedisServer) context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent("server", key -> new Shared<>(RedisServer.start()), Shared.class)
        .resource();
  }

  /**
   * {@return the run's shared three-master cluster, starting it on first use}
   *
   * @param context any context of the run; its root store keeps the cluster until the run ends
   */
  public static RedisCluster cluster(ExtensionContext context) {
    return (RedisCluster) context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent("cluster", key -> new Shared<>(RedisCluster.start()), Shared.class)
        .resource();
  }

  /**
   * {@return the run's shared cluster for a test class annotated {@link OnRedisCluster}, else its shared server}
   *
   * @param context the context of a test or test class; one without a test class gets the server
   */
  public static RedisTarget target(ExtensionContext context) {
    boolean onCluster = context.getTestClass()
        .map(type -> AnnotationSupport.isAnnotated(type, OnRedisCluster.class))
        .orElse(false);
    return onCluster ? cluster(context) : server(context);
  }

  /** Stops a shared server or cluster when JUnit closes the root store at the end of the run. */
  private record Shared<T extends AutoCloseable>(T resource) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      resource.close();
    }
  }
}
