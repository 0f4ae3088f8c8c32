package dev.recall.streams.internal;

/**
 * An entry handed to this consumer, by a read, a retry or a reclaim.
 *
 * @param entry the entry
 * @param deliveries how many times it has been delivered, this delivery included
 */
record Delivery(StreamEntry entry, long deliveries) {}
