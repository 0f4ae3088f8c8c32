package dev.recall.testkit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Redis a test runs against: one {@link RedisServer} or a {@link RedisCluster}. Suites written against this
 * interface run unchanged on both; control commands reach the node that holds the key they name.
 */
public interface RedisTarget {

  /** Returns a {@code redis://} URL for Recall's {@code RedisConfig.fromUrl}; a cluster's lists every node. */
  String url();

  /** Returns whether this is a Redis Cluster. */
  boolean isCluster();

  /**
   * Sends one control command and returns its reply (strings, longs, lists or {@code null}). On a cluster it goes
   * to the node holding the key it names (following {@code MOVED} and {@code ASK}); a keyless command goes to the
   * first node, so use {@link #commandOnEveryNode} or {@link #dbSize} for whole-cluster questions.
   *
   * @throws RedisServerException when the server is unreachable or answers with an error
   */
  @Nullable Object command(String... command);

  /**
   * Sends one command to every node (every master of a cluster) and returns the replies in node order, such as
   * {@code SCRIPT FLUSH}.
   *
   * @throws RedisServerException when a node is unreachable or answers with an error
   */
  List<@Nullable Object> commandOnEveryNode(String... command);

  /**
   * Returns how many keys are stored, summed over a cluster's masters.
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
