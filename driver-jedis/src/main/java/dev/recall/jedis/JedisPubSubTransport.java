package dev.recall.jedis;

import dev.recall.RecallConnectionException;
import dev.recall.RedisConfig;
import dev.recall.RedisNode;
import dev.recall.spi.pubsub.LinkEvents;
import dev.recall.spi.pubsub.PubSubLink;
import dev.recall.spi.pubsub.PubSubTransport;
import dev.recall.spi.pubsub.SlotOwners;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClusterClient;

/**
 * Jedis's side of a subscriber: {@link JedisPubSubLink}s with the command connection's client config, and on a
 * cluster the slot owners read with {@code CLUSTER SLOTS} from the first node of the cluster client's that answers
 * (on a virtual thread). Closing waits for the links' reader threads to end.
 */
final class JedisPubSubTransport implements PubSubTransport {
  private final JedisClientConfig clientConfig;
  private final RedisNode server;
  private final @Nullable RedisClusterClient cluster;
  private final Set<JedisPubSubLink> links = ConcurrentHashMap.newKeySet();

  /** A transport to the config's server, or through {@code cluster}'s nodes when it is not null. */
  JedisPubSubTransport(RedisConfig config, @Nullable RedisClusterClient cluster) {
    this.clientConfig = JedisDriverConnection.clientConfig(config);
    this.server = config.isCluster() ? config.clusterNodes().get(0) : new RedisNode(config.host(), config.port());
    this.cluster = cluster;
  }

  @Override
  public boolean cluster() {
    return cluster != null;
  }

  @Override
  public RedisNode server() {
    return server;
  }

  @Override
  public PubSubLink open(RedisNode node, LinkEvents events) {
    links.removeIf(link -> !link.reader().isAlive());
    JedisPubSubLink link = JedisPubSubLink.open(new HostAndPort(node.host(), node.port()), clientConfig,
        cluster != null, events);
    links.add(link);
    return link;
  }

  @Override
  public CompletableFuture<SlotOwners> topology() {
    return PubSubTransport.readTopology(cluster, JedisPubSubTransport::askNodes);
  }

  /** Asks the cluster client's nodes for {@code CLUSTER SLOTS} in turn, on a virtual thread, until one answers. */
  private static CompletableFuture<SlotOwners> askNodes(RedisClusterClient client) {
    CompletableFuture<SlotOwners> result = new CompletableFuture<>();
    Thread.ofVirtual().name("recall-subscriber-topology").start(() -> {
      List<Throwable> failures = new ArrayList<>();
      for (Map.Entry<String, ConnectionPool> node : client.getClusterNodes().entrySet()) {
        try (Connection connection = node.getValue().getResource()) {
          Object reply = connection.executeCommand(new CommandArguments(Protocol.Command.CLUSTER).add("SLOTS"));
          result.complete(SlotOwners.parse(reply, RedisNode.parse(node.getKey())));
          return;
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }
      RecallConnectionException none = new RecallConnectionException(
          "no node of the Redis Cluster answered CLUSTER SLOTS for the subscriber", null);
      failures.forEach(none::addSuppressed);
      result.completeExceptionally(none);
    });
    return result;
  }

  @Override
  public void close(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (JedisPubSubLink link : links) {
      link.close();
    }
    for (JedisPubSubLink link : links) {
      try {
        link.reader().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
