package dev.recall.streams.internal;

import java.util.List;

/**
 * One stream entry as read by {@code XRANGE}, {@code XREADGROUP} or {@code XAUTOCLAIM}.
 *
 * @param stream the stream key it came from
 * @param id the entry id, such as {@code 1700000000000-0}
 * @param fields the field-value pairs, flattened
 */
public record StreamEntry(byte[] stream, String id, List<byte[]> fields) {
  /** Copies the list. */
  public StreamEntry {
    fields = List.copyOf(fields);
  }
}
