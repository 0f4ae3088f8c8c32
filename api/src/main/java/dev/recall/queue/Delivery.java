package dev.recall.queue;

import java.util.Objects;

/**
 * An item taken from a {@link ReliableQueue} and not yet confirmed: the decoded value and the exact bytes that sit in
 * the consumer's processing list, by which {@link ReliableQueue#confirm} finds it.
 *
 * @param value the item
 * @param encoded the item's bytes as stored; do not change them
 * @param <E> the item type
 */
public record Delivery<E>(E value, byte[] encoded) {

  /** Checks the fields. */
  public Delivery {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(encoded, "encoded");
  }
}
