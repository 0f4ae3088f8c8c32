package dev.recall.streams.internal;

/**
 * One entry of a consumer group's pending list, as {@code XPENDING} with a range reports it.
 *
 * @param id the entry id
 * @param consumer the consumer that holds it
 * @param idleMillis how long since it was last delivered
 * @param deliveries how many times it was delivered
 */
public record PendingEntry(String id, String consumer, long idleMillis, long deliveries) {}
