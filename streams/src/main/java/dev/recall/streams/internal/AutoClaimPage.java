package dev.recall.streams.internal;

import java.util.List;

/**
 * The result of {@code XAUTOCLAIM}: the cursor to continue from, the claimed entries, and the ids that were
 * pending but no longer exist in the stream.
 *
 * @param nextId the start id for the next call, {@code 0-0} when the scan is complete
 * @param entries the entries now owned by the claiming consumer
 * @param deletedIds pending ids whose entries were deleted from the stream (Redis 7 and later)
 */
public record AutoClaimPage(String nextId, List<StreamEntry> entries, List<String> deletedIds) {
  /** Copies the lists. */
  public AutoClaimPage {
    entries = List.copyOf(entries);
    deletedIds = List.copyOf(deletedIds);
  }
}
