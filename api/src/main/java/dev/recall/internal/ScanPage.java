package dev.recall.internal;

import java.util.List;

/**
 * One page of a {@code SCAN} or {@code HSCAN}: the cursor to continue from ({@code "0"} when done) and the items;
 * for {@code HSCAN} the items alternate field and value.
 *
 * @param cursor the cursor for the next call, {@code "0"} at the end
 * @param items the keys, or field-value pairs flattened
 */
public record ScanPage(String cursor, List<byte[]> items) {
  /** Copies the list. */
  public ScanPage {
    items = List.copyOf(items);
  }

  /** Returns whether the scan has reached its end. */
  public boolean isLast() {
    return "0".equals(cursor);
  }
}
