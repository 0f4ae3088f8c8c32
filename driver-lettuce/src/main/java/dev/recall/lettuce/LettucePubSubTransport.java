package dev.recall.lettuce;

import dev.recall.RedisConfig;
import dev.recall.RedisNode;
import dev.recall.spi.pubsub.LinkEvents;
import dev.recall.spi.pubsub.PubSubLink;
import dev.recall.spi.pubsub.PubSubTransport;
import dev.recall.spi.pubsub.SlotOwners;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Lettuce's side of a subscriber: a {@link RedisClient} of its own on the command connection's threads
 * ({@link ClientResources}) and options (TLS, credentials, timeouts), but RESP3 and no automatic reconnect, whose
 * pub/sub connections become {@link LettucePubSubLink}s; on a cluster, the slot owners come from the command
 * connection's cluster client, refreshed first.
 */
final class LettucePubSubTransport implements PubSubTransport {
  private final RedisConfig config;
  private final RedisClient client;
  private final @Nullable RedisClusterClient cluster;
  private final LettuceFailures failures;
  private final Map<RedisChannelHandler<?, ?>, LettucePubSubLink> links = new ConcurrentHashMap<>();
  /** Every link not yet closed, so that {@link #close(long)} can let their closes finish before shutting down. */
  private final Set<LettucePubSubLink> opened = ConcurrentHashMap.newKeySet();

  LettucePubSubTransport(RedisConfig config, ClientResources resources, @Nullable RedisClusterClient cluster,
      LettuceFailures failures) {
    this.config = config;
    this.cluster = cluster;
    this.failures = failures;
    this.client = RedisClient.create(resources);
    client.setOptions(LettuceConnector.pubSubOptions(config));
    client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        LettucePubSubLink link = links.remove(connection);
        if (link != null) {
          link.disconnected();
          link.closing().whenComplete((ignored, failure) -> opened.remove(link));
        }
      }
    });
  }

  @Override
  public boolean cluster() {
    return cluster != null;
  }

  @Override
  public RedisNode server() {
    return config.isCluster() ? config.clusterNodes().get(0) : new RedisNode(config.host(), config.port());
  }

  @Override
  public PubSubLink open(RedisNode node, LinkEvents events) {
    LettucePubSubLink link = new LettucePubSubLink(node.toString(), cluster != null, events);
    opened.add(link);
    RedisURI uri = LettuceConnector.uri(config, node.host(), node.port());
    client.connectPubSubAsync(ByteArrayCodec.INSTANCE, uri).whenComplete((connection, failure) -> {
      if (failure != null) {
        opened.remove(link);
        link.failed(failures.connectFailure(failure));
      } else {
        links.put((RedisChannelHandler<?, ?>) connection, link);
        link.attach(connection);
      }
    });
    return link;
  }

  @Override
  public CompletableFuture<SlotOwners> topology() {
    return PubSubTransport.readTopology(cluster, LettucePubSubTransport::refreshed);
  }

  /** Refreshes the cluster client's partitions, then reads each upstream node's slots from them. */
  private static CompletableFuture<SlotOwners> refreshed(RedisClusterClient client) {
    return client.refreshPartitionsAsync().toCompletableFuture().thenApply(ignored -> {
      SlotOwners owners = SlotOwners.empty();
      for (RedisClusterNode node : client.getPartitions()) {
        if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && node.getUri() != null) {
          RedisNode address = new RedisNode(node.getUri().getHost(), node.getUri().getPort());
          for (int slot : node.getSlots()) {
            owners.assign(slot, slot, address);
          }
        }
      }
      return owners;
    });
  }

  @Override
  public void close(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    try {
      // Connections the subscriber closed itself are still closing: the shutdown would close them again.
      CompletableFuture.allOf(opened.stream().map(LettucePubSubLink::closing).toArray(CompletableFuture[]::new))
          .get(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Best effort: the shutdown closes whatever is left.
    }
    opened.clear();
    try {
      // Closes every connection this client opened; the threads belong to the command connection's resources.
      client.shutdown(0, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
          TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      // Best effort: the connections are closed either way.
    }
  }
}
