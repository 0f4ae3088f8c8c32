package dev.recall.spi.pubsub;

import dev.recall.RedisNode;
import java.util.concurrent.CompletableFuture;

/**
 * What a driver provides so that the shared subscriber engine can subscribe through it: pub/sub connections to a node
 * with the client's config, and on a cluster the current owner of each slot.
 */
public interface PubSubTransport {

  /** Returns whether the server is a cluster, so channels are sharded and routed by slot. */
  boolean cluster();

  /** Returns the single server's address (the node {@link #open} is called with when not on a cluster). */
  RedisNode server();

  /**
   * Starts opening a pub/sub connection to a node, without waiting; the outcome is reported to {@code events}
   * ({@link LinkEvents#connected()} or {@link LinkEvents#closed}).
   */
  PubSubLink open(RedisNode node, LinkEvents events);

  /** Reads the cluster's slot owners afresh from a reachable node; the future fails when none answers. */
  CompletableFuture<SlotOwners> topology();

  /** Releases what the transport holds (clients, threads), within {@code millis}; links are closed before. */
  void close(long millis);
}
