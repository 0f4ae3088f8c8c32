package dev.recall.streams.internal;

import static dev.recall.spi.CommandArgs.ascii;
import static dev.recall.spi.CommandArgs.positiveMillis;
import static dev.recall.spi.CommandArgs.utf8;
import static dev.recall.spi.Replies.bytes;
import static dev.recall.spi.Replies.list;
import static dev.recall.spi.Replies.longValue;
import static dev.recall.spi.Replies.string;

import dev.recall.spi.Command;
import dev.recall.spi.Command.ReplyParser;
import dev.recall.spi.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Redis Streams commands the streams module sends, as {@link Command}s with their reply parsers: the
 * module's own protocol, built on the driver contract's command factories. Every method checks its arguments and
 * has no other effect.
 */
final class StreamCommands {
  private static final ReplyParser<Long> LONG = dev.recall.spi.Replies::longValue;
  private static final ReplyParser<Boolean> OK_OR_NIL = reply -> reply != null;

  private StreamCommands() {}

  /**
   * {@code XADD key [MAXLEN|MINID ~ threshold] * field value...}: the new entry's id.
   *
   * @param trim {@code null}, or {@code MAXLEN} or {@code MINID}, trimmed approximately to {@code threshold}
   */
  static Command<String> xadd(byte[] key, @Nullable String trim, @Nullable String threshold, List<byte[]> fields) {
    if (fields.isEmpty() || fields.size() % 2 != 0) {
      throw new IllegalArgumentException("XADD needs field-value pairs, got " + fields.size() + " items");
    }
    List<byte[]> args = new ArrayList<>(fields.size() + 5);
    args.add(key);
    if (trim != null) {
      args.add(ascii(trim));
      args.add(ascii("~"));
      args.add(ascii(Objects.requireNonNull(threshold, "threshold")));
    }
    args.add(ascii("*"));
    args.addAll(fields);
    return Command.routed("XADD", key, args.toArray(byte[][]::new), reply -> Objects.requireNonNull(string(reply)));
  }

  /** {@code XRANGE key start end [COUNT count]}: the entries between two ids, inclusive. */
  static Command<List<StreamEntry>> xrange(byte[] key, String start, String end, int count) {
    return Command.keyed("XRANGE", reply -> entries(key, reply), key, ascii(start), ascii(end), ascii("COUNT"),
        ascii(Integer.toString(count)));
  }

  /** {@code XLEN key}: the number of entries. */
  static Command<Long> xlen(byte[] key) {
    return Command.keyed("XLEN", LONG, key);
  }

  /**
   * {@code XGROUP CREATE key group start [MKSTREAM]}: true when created, false when the group already existed.
   */
  static Command<Boolean> xgroupCreate(byte[] key, String group, String startId, boolean makeStream) {
    List<byte[]> args = new ArrayList<>(List.of(ascii("CREATE"), key, utf8(group), ascii(startId)));
    if (makeStream) {
      args.add(ascii("MKSTREAM"));
    }
    return Command.routed("XGROUP", key, args.toArray(byte[][]::new), OK_OR_NIL);
  }

  /**
   * {@code XREADGROUP GROUP group consumer [COUNT count] [BLOCK ms] STREAMS key... id...}: the entries read, from
   * every stream; empty when the block time passed with nothing new.
   *
   * @param block how long the server may wait, or {@code null} not to block
   * @param streams stream keys and the id to read after each ({@code >} for new entries)
   */
  static Command<List<StreamEntry>> xreadgroup(
      String group, String consumer, int count, @Nullable Duration block, Map<byte[], String> streams) {
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("XREADGROUP needs at least one stream");
    }
    List<byte[]> args = new ArrayList<>(List.of(ascii("GROUP"), utf8(group), utf8(consumer), ascii("COUNT"),
        ascii(Integer.toString(count))));
    long blockMillis = block == null ? -1 : positiveMillis(block, "block time");
    if (blockMillis >= 0) {
      args.add(ascii("BLOCK"));
      args.add(ascii(Long.toString(blockMillis)));
    }
    args.add(ascii("STREAMS"));
    byte[] first = streams.keySet().iterator().next();
    args.addAll(streams.keySet());
    for (String id : streams.values()) {
      args.add(ascii(id));
    }
    byte[][] wire = args.toArray(byte[][]::new);
    return blockMillis < 0
        ? Command.routed("XREADGROUP", first, wire, StreamCommands::streamsReply)
        : Command.blocking("XREADGROUP", first, blockMillis, wire, StreamCommands::streamsReply);
  }

  /**
   * {@code XCLAIM key group consumer minIdle id...}: the entries now owned by {@code consumer}, each delivery
   * count incremented; ids idle less than {@code minIdle} or no longer pending are left alone.
   */
  static Command<List<StreamEntry>> xclaim(
      byte[] key, String group, String consumer, Duration minIdle, List<String> ids) {
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("XCLAIM needs at least one id");
    }
    List<byte[]> args = new ArrayList<>(ids.size() + 3);
    args.add(utf8(group));
    args.add(utf8(consumer));
    args.add(ascii(Long.toString(minIdle.toMillis())));
    ids.forEach(id -> args.add(ascii(id)));
    return Command.keyed("XCLAIM", reply -> entries(key, reply), key, args.toArray(byte[][]::new));
  }

  /** {@code XACK key group id...}: how many were acknowledged. */
  static Command<Long> xack(byte[] key, String group, List<String> ids) {
    List<byte[]> args = new ArrayList<>(ids.size() + 1);
    args.add(utf8(group));
    ids.forEach(id -> args.add(ascii(id)));
    return Command.keyed("XACK", LONG, key, args.toArray(byte[][]::new));
  }

  /**
   * {@code XPENDING key group [IDLE ms] start end count [consumer]}: the pending entries in a range.
   *
   * @param minIdle only entries idle at least this long, or {@code null} for all
   * @param consumer only this consumer's entries, or {@code null} for all
   */
  static Command<List<PendingEntry>> xpending(
      byte[] key, String group, @Nullable Duration minIdle, String start, String end, int count,
      @Nullable String consumer) {
    List<byte[]> args = new ArrayList<>();
    args.add(utf8(group));
    if (minIdle != null) {
      args.add(ascii("IDLE"));
      args.add(ascii(Long.toString(minIdle.toMillis())));
    }
    args.add(ascii(start));
    args.add(ascii(end));
    args.add(ascii(Integer.toString(count)));
    if (consumer != null) {
      args.add(utf8(consumer));
    }
    return Command.keyed("XPENDING", reply -> {
      List<PendingEntry> result = new ArrayList<>();
      for (Object item : list(reply)) {
        List<@Nullable Object> fields = list(item);
        result.add(new PendingEntry(
            String.valueOf(string(fields.get(0))), String.valueOf(string(fields.get(1))),
            longValue(fields.get(2)), longValue(fields.get(3))));
      }
      return result;
    }, key, args.toArray(byte[][]::new));
  }

  /** {@code XAUTOCLAIM key group consumer minIdle start COUNT count}: entries now owned by {@code consumer}. */
  static Command<AutoClaimPage> xautoclaim(
      byte[] key, String group, String consumer, Duration minIdle, String start, int count) {
    return Command.keyed("XAUTOCLAIM", reply -> {
      List<@Nullable Object> parts = list(reply);
      List<String> deleted = new ArrayList<>();
      if (parts.size() > 2) {
        for (Object id : list(parts.get(2))) {
          deleted.add(String.valueOf(string(id)));
        }
      }
      return new AutoClaimPage(String.valueOf(string(parts.get(0))), entries(key, parts.get(1)), deleted);
    }, key, utf8(group), utf8(consumer), ascii(Long.toString(minIdle.toMillis())), ascii(start),
        ascii("COUNT"), ascii(Integer.toString(count)));
  }

  /** {@code XINFO GROUPS key}: the stream's consumer groups. */
  static Command<List<StreamGroupInfo>> xinfoGroups(byte[] key) {
    return Command.routed("XINFO", key, new byte[][] {ascii("GROUPS"), key}, reply -> {
      List<StreamGroupInfo> groups = new ArrayList<>();
      for (Object item : list(reply)) {
        List<@Nullable Object> pairs = list(item);
        String name = "";
        long consumers = 0;
        long pending = 0;
        String lastDelivered = "0-0";
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
          switch (String.valueOf(string(pairs.get(i)))) {
            case "name" -> name = String.valueOf(string(pairs.get(i + 1)));
            case "consumers" -> consumers = longValue(pairs.get(i + 1));
            case "pending" -> pending = longValue(pairs.get(i + 1));
            case "last-delivered-id" -> lastDelivered = String.valueOf(string(pairs.get(i + 1)));
            default -> { }
          }
        }
        groups.add(new StreamGroupInfo(name, consumers, pending, lastDelivered));
      }
      return groups;
    });
  }

  private static List<StreamEntry> entries(byte[] stream, @Nullable Object reply) {
    List<StreamEntry> result = new ArrayList<>();
    for (Object item : list(reply)) {
      List<@Nullable Object> entry = list(item);
      if (entry.isEmpty() || entry.get(1) == null) {
        continue; // an id whose entry was deleted while pending
      }
      List<byte[]> fields = new ArrayList<>();
      for (Object field : list(entry.get(1))) {
        fields.add(Objects.requireNonNull(bytes(field)));
      }
      result.add(new StreamEntry(stream, String.valueOf(string(entry.get(0))), fields));
    }
    return result;
  }

  private static List<StreamEntry> streamsReply(@Nullable Object reply) {
    List<StreamEntry> result = new ArrayList<>();
    for (Object stream : list(reply)) {
      List<@Nullable Object> parts = list(stream);
      result.addAll(entries(Objects.requireNonNull(bytes(parts.get(0))), parts.get(1)));
    }
    return result;
  }

  /**
   * {@code EVALSHA} of one of the module's scripts, falling back to {@code EVAL} when the server lost it; the reply
   * is raw.
   */
  static Command<@Nullable Object> script(Script script, List<byte[]> keys, List<byte[]> args) {
    return Command.script(script, keys, args, reply -> reply);
  }
}
