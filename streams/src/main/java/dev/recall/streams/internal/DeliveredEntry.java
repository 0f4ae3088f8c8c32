package dev.recall.streams.internal;

/**
 * A stream entry read with {@code XREADGROUP ... CLAIM}, with how many times it has been delivered.
 *
 * @param entry the entry
 * @param deliveries how many times it has been delivered, this delivery included
 */
public record DeliveredEntry(StreamEntry entry, long deliveries) {}
