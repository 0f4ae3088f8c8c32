package dev.recall.spi.pubsub;

import dev.recall.RedisNode;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a driver provides so that the shared subscriber engine can subscribe through it: pub/sub connections to a node
 * with the client's config, and on a cluster the current owner of each slot.
 */
public interface PubSubTransport {

  /** {@return whether the server is a cluster, so channels are sharded and routed by slot} */
  boolean cluster();

  /** {@return the single server's address (the node {@link #open} is called with when not on a cluster)} */
  RedisNode server();

  /**
   * Starts opening a pub/sub connection to a node, without waiting; the outcome is reported to {@code events}
   * ({@link LinkEvents#connected()} or {@link LinkEvents#closed}).
   *
   * @param node the node to connect to: the {@link #server()}, or on a cluster the owner of a slot
   * @param events receives what happens on this link, and only on it
   * @return the link, still connecting
   */
  PubSubLink open(RedisNode node, LinkEvents events);

  /**
   * Reads the cluster's slot owners afresh from a reachable node; the future fails when none answers, and with an
   * {@link IllegalStateException} when the server is not a cluster.
   *
   * @return a future of the slot owners
   */
  CompletableFuture<SlotOwners> topology();

  /**
   * Releases what the transport holds (clients, threads), within {@code millis}; links are closed before.
   *
   * @param millis the longest to wait for the release, in milliseconds
   */
  void close(long millis);

  /**
   * Returns {@code read} applied to a driver's cluster client, or, when {@code cluster} is null (the server is not a
   * cluster), a future failed with an {@link IllegalStateException}: the body of {@link #topology()} for a transport
   * that holds its cluster client in a nullable field. Calls {@code read} on the caller's thread.
   *
   * @param <C> the type of the driver's cluster client
   * @param cluster the cluster client, or null when the server is not a cluster
   * @param read reads the slot owners through the cluster client
   * @return the future {@code read} returned, or a failed one
   */
  static <C> CompletableFuture<SlotOwners> readTopology(@Nullable C cluster,
      Function<? super C, CompletableFuture<SlotOwners>> read) {
    if (cluster == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("not a cluster"));
    }
    return read.apply(cluster);
  }
}
