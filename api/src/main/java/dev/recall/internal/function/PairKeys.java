package dev.recall.internal.function;

import java.util.Arrays;

/**
 * The keys of one pair: the data hash, the policy's order set, the expiry set and the sequence counter, plus the
 * prefix of per-field lease keys. Built only by {@link KeySpace}.
 *
 * @param prefix the pair's prefix, its registry member
 * @param data the hash of field to encoded result
 * @param order the policy's sorted set
 * @param expiry the sorted set of field to expiry time in ms
 * @param sequence the counter that orders uses
 * @param leasePrefix the prefix of lease keys
 * @param channel the pub/sub channel on which the scripts publish the fields they invalidate (for near caches),
 *     named like a key of the pair so that on a cluster it is a shard channel of the pair's slot
 * @param publish the command the scripts publish with: {@code SPUBLISH} on a cluster, else {@code PUBLISH}
 */
record PairKeys(byte[] prefix, byte[] data, byte[] order, byte[] expiry, byte[] sequence, byte[] leasePrefix,
    byte[] channel, byte[] publish) {

  /** The lease key of one field. */
  byte[] lease(byte[] field) {
    byte[] key = Arrays.copyOf(leasePrefix, leasePrefix.length + field.length);
    System.arraycopy(field, 0, key, leasePrefix.length, field.length);
    return key;
  }
}
