/**
 * The pub/sub subscriber both drivers share, over the connections a driver opens through
 * {@link dev.recall.spi.pubsub.PubSubTransport}: {@link dev.recall.internal.pubsub.Subscribers} starts and closes the
 * subscribers of a client; each keeps its channels, its connections to nodes ({@code Link}), liveness pings,
 * resubscription and, on a cluster, the slot owners ({@code ClusterTopology}) on one thread.
 */
@NullMarked
package dev.recall.internal.pubsub;

import org.jspecify.annotations.NullMarked;
