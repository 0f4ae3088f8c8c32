package dev.recall.testkit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Redis a test runs against: one {@link RedisServer} or a {@link RedisCluster}. Suites written against this
 * interface run unchanged on both; control commands reach the node that holds the key they name.
 */
public interface RedisTarget {

  /**
   * {@return a URL for Recall's {@code RedisConfig.fromUrl}: {@code redis://}, or {@code rediss://} over TLS; a
   * cluster's lists its masters}
   */
  String url();

  /** {@return whether this is a Redis Cluster} */
  boolean isCluster();

  /**
   * Sends one control command and returns its reply. On a cluster it goes to the node holding the key it names
   * (following {@code MOVED} and {@code ASK}); a keyless command goes to the first node, so use
   * {@link #commandOnEveryNode} or {@link #dbSize} for whole-cluster questions.
   *
   * @param command the command's name and arguments, such as {@code "GET", "price:7"}
   * @return the reply: a {@code String}, a {@code Long}, a {@code List} of replies, or {@code null}
   * @throws RedisServerException when the server is unreachable or answers with an error
   */
  @Nullable Object command(String... command);

  /**
   * Sends one command to every node (every master of a cluster) and returns the replies in node order, such as
   * {@code SCRIPT FLUSH}.
   *
   * @param command the command's name and arguments
   * @return one reply per node, as {@link #command} returns them; a single element for one server
   * @throws RedisServerException when a node is unreachable or answers with an error
   */
  List<@Nullable Object> commandOnEveryNode(String... command);

  /**
   * {@return how many keys are stored, summed over a cluster's masters}
   *
   * @throws RedisServerException when a node is unreachable
   */
  long dbSize();

  /**
   * Removes every key (of every master of a cluster).
   *
   * @throws RedisServerException when a node is unreachable
   */
  void flush();
}
