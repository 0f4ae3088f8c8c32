package dev.recall.streams.internal;

/**
 * One consumer group of a stream, as {@code XINFO GROUPS} reports it.
 *
 * @param name the group name
 * @param consumers how many consumers it has
 * @param pending how many entries are delivered but not acknowledged
 * @param lastDeliveredId the id of the last entry delivered to the group
 */
public record StreamGroupInfo(String name, long consumers, long pending, String lastDeliveredId) {}
