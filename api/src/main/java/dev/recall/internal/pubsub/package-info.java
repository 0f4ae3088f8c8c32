/**
 * The pub/sub subscriber both drivers share: {@link dev.recall.internal.pubsub.SubscriberEngine} keeps the channels,
 * their connections, liveness pings and resubscription in one place, over the connections a driver opens through
 * {@link dev.recall.spi.pubsub.PubSubTransport}.
 */
@NullMarked
package dev.recall.internal.pubsub;

import org.jspecify.annotations.NullMarked;
