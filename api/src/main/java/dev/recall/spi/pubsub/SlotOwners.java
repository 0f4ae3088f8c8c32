package dev.recall.spi.pubsub;

import dev.recall.RedisNode;
import dev.recall.spi.Replies;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which master owns each of a cluster's 16384 hash slots, and the slot of a name (CRC16 of its hash tag, as Redis
 * computes it). Built once per topology read; {@link #with} derives a copy for one redirection.
 */
public final class SlotOwners {
  /** The number of hash slots of every Redis Cluster. */
  public static final int SLOTS = 16384;

  private final @Nullable RedisNode[] owners;

  private SlotOwners(@Nullable RedisNode[] owners) {
    this.owners = owners;
  }

  /** {@return a new table where no slot has an owner yet} Fill it with {@link #assign}. */
  public static SlotOwners empty() {
    return new SlotOwners(new RedisNode[SLOTS]);
  }

  /**
   * Reads a {@code CLUSTER SLOTS} reply in the raw shape of {@link dev.recall.spi.Command}; a master reported without
   * a host is taken to be {@code asked}, the node that answered.
   *
   * @param clusterSlots the raw {@code CLUSTER SLOTS} reply
   * @param asked the node that gave the reply
   * @return a new table; slots no range covers have no owner
   * @throws dev.recall.RecallCommandException when the reply does not have that shape
   */
  public static SlotOwners parse(@Nullable Object clusterSlots, RedisNode asked) {
    SlotOwners table = empty();
    for (Object range : Replies.list(clusterSlots)) {
      List<@Nullable Object> fields = Replies.list(range);
      if (fields.size() < 3) {
        throw Replies.unexpected("a CLUSTER SLOTS range", range);
      }
      List<@Nullable Object> master = Replies.list(fields.get(2));
      String host = Replies.string(master.get(0));
      int port = (int) Replies.longValue(master.get(1));
      RedisNode node = host == null || host.isEmpty() || host.equals("?") ? new RedisNode(asked.host(), port)
          : new RedisNode(host, port);
      table.assign((int) Replies.longValue(fields.get(0)), (int) Replies.longValue(fields.get(1)), node);
    }
    return table;
  }

  /**
   * Records that {@code node} owns slots {@code from} to {@code to}, both included.
   *
   * @param from the first slot; values under 0 are taken as 0
   * @param to the last slot; values over 16383 are taken as 16383
   * @param node the master that owns the slots
   */
  public void assign(int from, int to, RedisNode node) {
    for (int slot = Math.max(0, from); slot <= Math.min(SLOTS - 1, to); slot++) {
      owners[slot] = node;
    }
  }

  /**
   * Returns the owner of a slot, or null when no master owns it (a failover in progress).
   *
   * @param slot the slot, from 0 to 16383
   * @return the master that owns the slot, or null
   * @throws ArrayIndexOutOfBoundsException when the slot is out of range
   */
  public @Nullable RedisNode owner(int slot) {
    return owners[slot];
  }

  /**
   * Returns a copy in which {@code slot} is owned by {@code node}, as a {@code MOVED} redirection says; this table
   * is unchanged.
   *
   * @param slot the slot, from 0 to 16383
   * @param node the slot's new owner
   * @return the new table
   * @throws ArrayIndexOutOfBoundsException when the slot is out of range
   */
  public SlotOwners with(int slot, RedisNode node) {
    RedisNode[] copy = owners.clone();
    copy[slot] = node;
    return new SlotOwners(copy);
  }

  /**
   * Returns the hash slot of a key or sharded channel name: CRC16 of its hash tag, or of it all without one.
   *
   * @param name the key or channel name's bytes
   * @return the slot, from 0 to 16383
   */
  public static int slot(byte[] name) {
    int from = 0;
    int to = name.length;
    for (int open = 0; open < name.length; open++) {
      if (name[open] == '{') {
        for (int close = open + 1; close < name.length; close++) {
          if (name[close] == '}') {
            if (close > open + 1) {
              from = open + 1;
              to = close;
            }
            break;
          }
        }
        break;
      }
    }
    return crc16(name, from, to) & (SLOTS - 1);
  }

  /**
   * Returns the slot of a name, hashed over its UTF-8 bytes; see {@link #slot(byte[])}.
   *
   * @param name the key or channel name
   * @return the slot, from 0 to 16383
   */
  public static int slot(String name) {
    return slot(name.getBytes(StandardCharsets.UTF_8));
  }

  // CRC-16/XMODEM (polynomial 0x1021, initial value 0), the checksum Redis Cluster hashes names with.
  private static int crc16(byte[] bytes, int from, int to) {
    int crc = 0;
    for (int i = from; i < to; i++) {
      crc ^= (bytes[i] & 0xFF) << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
    }
    return crc & 0xFFFF;
  }
}
