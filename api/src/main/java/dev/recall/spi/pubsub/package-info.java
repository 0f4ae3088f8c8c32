/**
 * What a driver implements or calls to offer pub/sub {@link dev.recall.spi.Subscriber}s: a
 * {@link dev.recall.spi.pubsub.PubSubTransport} (from {@link dev.recall.spi.DriverConnection#pubSub()}) that opens
 * {@link dev.recall.spi.pubsub.PubSubLink}s to nodes, and {@link dev.recall.spi.pubsub.SlotOwners} for routing shard
 * channels on a cluster. The engine that runs subscribers over them (liveness pings, resubscription, slot routing)
 * is the same for every driver, and is not part of the SPI.
 */
@NullMarked
package dev.recall.spi.pubsub;

import org.jspecify.annotations.NullMarked;
