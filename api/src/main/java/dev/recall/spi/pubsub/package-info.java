/**
 * What a driver implements or calls to offer pub/sub {@link dev.recall.spi.Subscriber}s: a
 * {@link dev.recall.spi.pubsub.PubSubTransport} that opens {@link dev.recall.spi.pubsub.PubSubLink}s to nodes,
 * {@link dev.recall.spi.pubsub.SlotOwners} for routing shard channels on a cluster, and
 * {@link dev.recall.spi.pubsub.Subscribers}, which runs the subscribers over them (liveness pings, resubscription,
 * slot routing), the same for every driver.
 */
@NullMarked
package dev.recall.spi.pubsub;

import org.jspecify.annotations.NullMarked;
