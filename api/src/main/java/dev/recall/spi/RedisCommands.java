package dev.recall.spi;

import static dev.recall.spi.Replies.bytes;
import static dev.recall.spi.Replies.flag;
import static dev.recall.spi.Replies.list;
import static dev.recall.spi.Replies.longValue;
import static dev.recall.spi.Replies.string;

import dev.recall.spi.Command.ReplyParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Redis operations Recall's engine uses, as {@link Command}s with their reply parsers: strings, counters, lists,
 * hashes, expiry, {@code SCAN}, Lua scripts and streams. Not a mirror of Redis's command set; {@link #raw} covers
 * the rest (administration and tests). Every method checks its arguments and has no other effect.
 */
public final class RedisCommands {
  private static final byte[][] NO_ARGS = new byte[0][];
  private static final ReplyParser<@Nullable Object> RAW = reply -> reply;
  private static final ReplyParser<byte @Nullable []> BYTES = Replies::bytes;
  private static final ReplyParser<Long> LONG = Replies::longValue;
  private static final ReplyParser<Boolean> FLAG = Replies::flag;
  private static final ReplyParser<Boolean> OK_OR_NIL = reply -> reply != null;
  private static final ReplyParser<List<byte @Nullable []>> BYTES_LIST = Replies::bytesList;

  private RedisCommands() {}

  /** {@code PING}: answers {@code PONG}. */
  public static Command<String> ping() {
    return new Command<>("PING", NO_ARGS, null, -1, reply -> String.valueOf(string(reply)), null);
  }

  /** {@code GET key}: the value, or {@code null} when absent. */
  public static Command<byte @Nullable []> get(byte[] key) {
    return keyed("GET", BYTES, key);
  }

  /**
   * {@code SET key value [PX ttl] [NX|XX]}: true when written.
   *
   * @param ttl the time to live, or {@code null} for none; at least one millisecond
   */
  public static Command<Boolean> set(byte[] key, byte[] value, @Nullable Duration ttl, SetCondition condition) {
    Objects.requireNonNull(value, "value");
    List<byte[]> args = new ArrayList<>(6);
    args.add(key);
    args.add(value);
    if (ttl != null) {
      args.add(ascii("PX"));
      args.add(ascii(Long.toString(ttlMillis(ttl))));
    }
    switch (condition) {
      case IF_ABSENT -> args.add(ascii("NX"));
      case IF_PRESENT -> args.add(ascii("XX"));
      case ALWAYS -> { }
    }
    return new Command<>("SET", args.toArray(byte[][]::new), key, -1, OK_OR_NIL, null);
  }

  /** {@code DEL key...}: how many keys were removed. */
  public static Command<Long> del(byte[]... keys) {
    requireKeys(keys);
    return new Command<>("DEL", keys.clone(), keys[0], -1, LONG, null);
  }

  /** {@code EXISTS key}: whether it exists. */
  public static Command<Boolean> exists(byte[] key) {
    return keyed("EXISTS", FLAG, key);
  }

  /** {@code INCRBY key delta}: the new value. */
  public static Command<Long> incrBy(byte[] key, long delta) {
    return keyed("INCRBY", LONG, key, ascii(Long.toString(delta)));
  }

  /** {@code PEXPIRE key ttl}: true when the key exists and now expires. */
  public static Command<Boolean> pexpire(byte[] key, Duration ttl) {
    return keyed("PEXPIRE", FLAG, key, ascii(Long.toString(ttlMillis(ttl))));
  }

  /** {@code PTTL key}: milliseconds to live, -1 when persistent, -2 when absent. */
  public static Command<Long> pttl(byte[] key) {
    return keyed("PTTL", LONG, key);
  }

  /** {@code RPUSH key value...}: the new length. */
  public static Command<Long> rpush(byte[] key, byte[]... values) {
    return keyed("RPUSH", LONG, key, requireValues(values));
  }

  /** {@code LPUSH key value...}: the new length. */
  public static Command<Long> lpush(byte[] key, byte[]... values) {
    return keyed("LPUSH", LONG, key, requireValues(values));
  }

  /** {@code LPOP key}: the head, or {@code null} when empty. */
  public static Command<byte @Nullable []> lpop(byte[] key) {
    return keyed("LPOP", BYTES, key);
  }

  /** {@code RPOP key}: the tail, or {@code null} when empty. */
  public static Command<byte @Nullable []> rpop(byte[] key) {
    return keyed("RPOP", BYTES, key);
  }

  /**
   * {@code BLPOP key timeout}: the head, waiting up to the timeout for one; {@code null} when none came.
   *
   * @param timeout how long the server waits, at least one millisecond
   */
  public static Command<byte @Nullable []> blpop(byte[] key, Duration timeout) {
    long millis = ttlMillis(timeout);
    ReplyParser<byte @Nullable []> second = reply -> reply == null ? null : bytes(list(reply).get(1));
    return new Command<>("BLPOP", new byte[][] {key, seconds(millis)}, key, millis, second, null);
  }

  /** {@code LMOVE source destination from to}: the moved element, or {@code null} when the source is empty. */
  public static Command<byte @Nullable []> lmove(byte[] source, byte[] destination, ListEnd from, ListEnd to) {
    Objects.requireNonNull(destination, "destination");
    return keyed("LMOVE", BYTES, source, destination, ascii(from.name()), ascii(to.name()));
  }

  /** {@code BLMOVE source destination from to timeout}: as {@link #lmove}, waiting up to the timeout. */
  public static Command<byte @Nullable []> blmove(
      byte[] source, byte[] destination, ListEnd from, ListEnd to, Duration timeout) {
    long millis = ttlMillis(timeout);
    byte[][] args = {source, destination, ascii(from.name()), ascii(to.name()), seconds(millis)};
    return new Command<>("BLMOVE", args, source, millis, BYTES, null);
  }

  /** {@code LRANGE key start stop}: the elements, both ends inclusive, negative indexes from the tail. */
  public static Command<List<byte @Nullable []>> lrange(byte[] key, long start, long stop) {
    return keyed("LRANGE", BYTES_LIST, key, ascii(Long.toString(start)), ascii(Long.toString(stop)));
  }

  /** {@code LLEN key}: the length. */
  public static Command<Long> llen(byte[] key) {
    return keyed("LLEN", LONG, key);
  }

  /** {@code LREM key count value}: how many were removed (count 0 removes all, negative from the tail). */
  public static Command<Long> lrem(byte[] key, long count, byte[] value) {
    return keyed("LREM", LONG, key, ascii(Long.toString(count)), Objects.requireNonNull(value, "value"));
  }

  /** {@code LTRIM key start stop}: keeps only the given range. */
  public static Command<Boolean> ltrim(byte[] key, long start, long stop) {
    return keyed("LTRIM", OK_OR_NIL, key, ascii(Long.toString(start)), ascii(Long.toString(stop)));
  }

  /** {@code HGET key field}: the value, or {@code null}. */
  public static Command<byte @Nullable []> hget(byte[] key, byte[] field) {
    return keyed("HGET", BYTES, key, Objects.requireNonNull(field, "field"));
  }

  /** {@code HMGET key field...}: the values in order, {@code null} where absent. */
  public static Command<List<byte @Nullable []>> hmget(byte[] key, byte[]... fields) {
    return keyed("HMGET", BYTES_LIST, key, requireValues(fields));
  }

  /** {@code HSET key field value [field value...]}: how many fields were new. */
  public static Command<Long> hset(byte[] key, Map<byte[], byte[]> fields) {
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("HSET needs at least one field");
    }
    byte[][] args = new byte[fields.size() * 2][];
    int i = 0;
    for (Map.Entry<byte[], byte[]> entry : fields.entrySet()) {
      args[i++] = Objects.requireNonNull(entry.getKey(), "field");
      args[i++] = Objects.requireNonNull(entry.getValue(), "value");
    }
    return keyed("HSET", LONG, key, args);
  }

  /** {@code HDEL key field...}: how many fields were removed. */
  public static Command<Long> hdel(byte[] key, byte[]... fields) {
    return keyed("HDEL", LONG, key, requireValues(fields));
  }

  /** {@code HEXISTS key field}: whether the field exists. */
  public static Command<Boolean> hexists(byte[] key, byte[] field) {
    return keyed("HEXISTS", FLAG, key, Objects.requireNonNull(field, "field"));
  }

  /** {@code HLEN key}: the number of fields. */
  public static Command<Long> hlen(byte[] key) {
    return keyed("HLEN", LONG, key);
  }

  /** {@code HINCRBY key field delta}: the new value. */
  public static Command<Long> hincrBy(byte[] key, byte[] field, long delta) {
    return keyed("HINCRBY", LONG, key, Objects.requireNonNull(field, "field"), ascii(Long.toString(delta)));
  }

  /** {@code HINCRBYFLOAT key field delta}: the new value as Redis prints it. */
  public static Command<String> hincrByFloat(byte[] key, byte[] field, String delta) {
    return keyed("HINCRBYFLOAT", reply -> Objects.requireNonNull(string(reply)), key,
        Objects.requireNonNull(field, "field"), ascii(delta));
  }

  /** {@code HSCAN key cursor [MATCH pattern] [COUNT count]}: one page of flattened field-value pairs. */
  public static Command<ScanPage> hscan(byte[] key, String cursor, @Nullable String match, int count) {
    return keyed("HSCAN", RedisCommands::scanPage, key, scanArgs(cursor, match, count, null));
  }

  /** {@code SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]}: one page of keys. Keyless: a cluster needs it per node. */
  public static Command<ScanPage> scan(String cursor, @Nullable String match, int count, @Nullable String type) {
    byte[][] args = scanArgs(cursor, match, count, type);
    return new Command<>("SCAN", args, null, -1, RedisCommands::scanPage, null);
  }

  /**
   * {@code EVALSHA sha numkeys key... arg...}, falling back to {@code EVAL} (which also caches the script) when
   * the server has lost it; the reply is raw (see {@link Command}).
   */
  public static Command<@Nullable Object> evalsha(Script script, List<byte[]> keys, List<byte[]> args) {
    return evalsha(script, keys, args, RAW);
  }

  /**
   * {@code EVALSHA} as {@link #evalsha(Script, List, List)}, with the script's raw reply turned into a typed
   * result by {@code parser}.
   */
  public static <T> Command<T> evalsha(Script script, List<byte[]> keys, List<byte[]> args, ReplyParser<T> parser) {
    Objects.requireNonNull(parser, "parser");
    Command<T> eval = scriptCommand("EVAL", ascii(script.source()), keys, args, parser, null);
    return scriptCommand("EVALSHA", ascii(script.sha1()), keys, args, parser, eval);
  }

  private static <T> Command<T> scriptCommand(String name, byte[] body, List<byte[]> keys, List<byte[]> args,
      ReplyParser<T> parser, @Nullable Command<T> fallback) {
    byte[][] wire = new byte[2 + keys.size() + args.size()][];
    wire[0] = body;
    wire[1] = ascii(Integer.toString(keys.size()));
    int i = 2;
    for (byte[] key : keys) {
      wire[i++] = Objects.requireNonNull(key, "key");
    }
    for (byte[] arg : args) {
      wire[i++] = Objects.requireNonNull(arg, "arg");
    }
    return new Command<>(name, wire, keys.isEmpty() ? null : keys.get(0), -1, parser, fallback);
  }

  /**
   * {@code XADD key [MAXLEN|MINID ~ threshold] * field value...}: the new entry's id.
   *
   * @param trim {@code null}, or {@code MAXLEN} or {@code MINID}, trimmed approximately to {@code threshold}
   */
  public static Command<String> xadd(byte[] key, @Nullable String trim, @Nullable String threshold, List<byte[]> fields) {
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
    return new Command<>("XADD", args.toArray(byte[][]::new), key, -1,
        reply -> Objects.requireNonNull(string(reply)), null);
  }

  /** {@code XRANGE key start end [COUNT count]}: the entries between two ids, inclusive. */
  public static Command<List<StreamEntry>> xrange(byte[] key, String start, String end, int count) {
    return keyed("XRANGE", reply -> entries(key, reply), key, ascii(start), ascii(end), ascii("COUNT"),
        ascii(Integer.toString(count)));
  }

  /** {@code XLEN key}: the number of entries. */
  public static Command<Long> xlen(byte[] key) {
    return keyed("XLEN", LONG, key);
  }

  /**
   * {@code XGROUP CREATE key group start [MKSTREAM]}: true when created, false when the group already existed.
   */
  public static Command<Boolean> xgroupCreate(byte[] key, String group, String startId, boolean makeStream) {
    List<byte[]> args = new ArrayList<>(List.of(ascii("CREATE"), key, utf8(group), ascii(startId)));
    if (makeStream) {
      args.add(ascii("MKSTREAM"));
    }
    return new Command<>("XGROUP", args.toArray(byte[][]::new), key, -1, OK_OR_NIL, null);
  }

  /**
   * {@code XREADGROUP GROUP group consumer [COUNT count] [BLOCK ms] STREAMS key... id...}: the entries read, from
   * every stream; empty when the block time passed with nothing new.
   *
   * @param block how long the server may wait, or {@code null} not to block
   * @param streams stream keys and the id to read after each ({@code >} for new entries)
   */
  public static Command<List<StreamEntry>> xreadgroup(
      String group, String consumer, int count, @Nullable Duration block, Map<byte[], String> streams) {
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("XREADGROUP needs at least one stream");
    }
    List<byte[]> args = new ArrayList<>();
    long blockMillis = readGroupHead(args, group, consumer, count, block);
    args.add(ascii("STREAMS"));
    byte[] first = streams.keySet().iterator().next();
    args.addAll(streams.keySet());
    for (String id : streams.values()) {
      args.add(ascii(id));
    }
    return new Command<>("XREADGROUP", args.toArray(byte[][]::new), first, blockMillis,
        RedisCommands::streamsReply, null);
  }

  /**
   * {@code XREADGROUP GROUP group consumer COUNT count [BLOCK ms] CLAIM minIdle STREAMS key >} (Redis 8.4 and
   * later): pending entries of any consumer idle at least {@code minIdle}, claimed, then new entries; each with its
   * delivery count.
   *
   * @param block how long the server may wait, or {@code null} not to block
   */
  public static Command<List<DeliveredEntry>> xreadgroupClaim(
      String group, String consumer, int count, @Nullable Duration block, Duration minIdle, byte[] key) {
    Objects.requireNonNull(key, "key");
    List<byte[]> args = new ArrayList<>();
    long blockMillis = readGroupHead(args, group, consumer, count, block);
    args.add(ascii("CLAIM"));
    args.add(ascii(Long.toString(minIdle.toMillis())));
    args.add(ascii("STREAMS"));
    args.add(key);
    args.add(ascii(">"));
    return new Command<>("XREADGROUP", args.toArray(byte[][]::new), key, blockMillis, reply -> {
      List<DeliveredEntry> result = new ArrayList<>();
      for (Object stream : list(reply)) {
        List<@Nullable Object> parts = list(stream);
        byte[] name = Objects.requireNonNull(bytes(parts.get(0)));
        for (Object item : list(parts.get(1))) {
          List<@Nullable Object> entry = list(item);
          if (entry.size() < 2 || entry.get(1) == null) {
            continue;
          }
          List<StreamEntry> one = entries(name, List.of(List.of(entry.get(0), entry.get(1))));
          // New entries carry no count (or 0); claimed ones carry how often they were delivered before.
          long before = entry.size() >= 4 ? longValue(entry.get(3)) : 0;
          result.add(new DeliveredEntry(one.get(0), before + 1));
        }
      }
      return result;
    }, null);
  }

  /**
   * {@code XCLAIM key group consumer minIdle id...}: the entries now owned by {@code consumer}, each delivery
   * count incremented; ids idle less than {@code minIdle} or no longer pending are left alone.
   */
  public static Command<List<StreamEntry>> xclaim(
      byte[] key, String group, String consumer, Duration minIdle, List<String> ids) {
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("XCLAIM needs at least one id");
    }
    List<byte[]> args = new ArrayList<>(ids.size() + 3);
    args.add(utf8(group));
    args.add(utf8(consumer));
    args.add(ascii(Long.toString(minIdle.toMillis())));
    ids.forEach(id -> args.add(ascii(id)));
    return keyed("XCLAIM", reply -> entries(key, reply), key, args.toArray(byte[][]::new));
  }

  /**
   * {@code XACKDEL key group ACKED|KEEPREF|DELREF IDS n id...} (Redis 8.2 and later): acknowledges and deletes;
   * with {@code ACKED} an entry is deleted only once every group has acknowledged it. One code per id: 1 deleted,
   * 2 acknowledged but kept, -1 not found.
   *
   * @param mode {@code ACKED}, {@code KEEPREF} or {@code DELREF}
   */
  public static Command<List<Long>> xackdel(byte[] key, String group, String mode, List<String> ids) {
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("XACKDEL needs at least one id");
    }
    if (!List.of("ACKED", "KEEPREF", "DELREF").contains(mode)) {
      throw new IllegalArgumentException("XACKDEL mode must be ACKED, KEEPREF or DELREF, got '" + mode + "'");
    }
    List<byte[]> args = new ArrayList<>(ids.size() + 4);
    args.add(utf8(group));
    args.add(ascii(mode));
    args.add(ascii("IDS"));
    args.add(ascii(Integer.toString(ids.size())));
    ids.forEach(id -> args.add(ascii(id)));
    return keyed("XACKDEL", reply -> {
      List<Long> codes = new ArrayList<>();
      for (Object code : list(reply)) {
        codes.add(longValue(code));
      }
      return codes;
    }, key, args.toArray(byte[][]::new));
  }

  /** Adds {@code GROUP group consumer COUNT count [BLOCK ms]} and returns the block time, or -1 when not blocking. */
  private static long readGroupHead(
      List<byte[]> args, String group, String consumer, int count, @Nullable Duration block) {
    args.add(ascii("GROUP"));
    args.add(utf8(group));
    args.add(utf8(consumer));
    args.add(ascii("COUNT"));
    args.add(ascii(Integer.toString(count)));
    if (block == null) {
      return -1;
    }
    long blockMillis = ttlMillis(block);
    args.add(ascii("BLOCK"));
    args.add(ascii(Long.toString(blockMillis)));
    return blockMillis;
  }

  /** {@code XACK key group id...}: how many were acknowledged. */
  public static Command<Long> xack(byte[] key, String group, List<String> ids) {
    List<byte[]> args = new ArrayList<>(ids.size() + 1);
    args.add(utf8(group));
    ids.forEach(id -> args.add(ascii(id)));
    return keyed("XACK", LONG, key, args.toArray(byte[][]::new));
  }

  /** {@code XDEL key id...}: how many were deleted. */
  public static Command<Long> xdel(byte[] key, List<String> ids) {
    return keyed("XDEL", LONG, key, ids.stream().map(RedisCommands::ascii).toArray(byte[][]::new));
  }

  /**
   * {@code XPENDING key group [IDLE ms] start end count [consumer]}: the pending entries in a range.
   *
   * @param minIdle only entries idle at least this long, or {@code null} for all
   * @param consumer only this consumer's entries, or {@code null} for all
   */
  public static Command<List<PendingEntry>> xpending(
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
    return keyed("XPENDING", reply -> {
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
  public static Command<AutoClaimPage> xautoclaim(
      byte[] key, String group, String consumer, Duration minIdle, String start, int count) {
    return keyed("XAUTOCLAIM", reply -> {
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
  public static Command<List<StreamGroupInfo>> xinfoGroups(byte[] key) {
    return new Command<>("XINFO", new byte[][] {ascii("GROUPS"), key}, key, -1, reply -> {
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
    }, null);
  }

  /**
   * Any command, with its raw reply (see {@link Command}): for administration and tests.
   *
   * @param name the command name, such as {@code SCRIPT}
   * @param args the arguments as text
   */
  public static Command<@Nullable Object> raw(String name, String... args) {
    byte[][] wire = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      wire[i] = utf8(args[i]);
    }
    return new Command<>(name, wire, null, -1, RAW, null);
  }

  /** Returns text as UTF-8 bytes. */
  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static <T> Command<T> keyed(String name, ReplyParser<T> parser, byte[] key, byte[]... rest) {
    Objects.requireNonNull(key, "key");
    byte[][] args = new byte[rest.length + 1][];
    args[0] = key;
    System.arraycopy(rest, 0, args, 1, rest.length);
    return new Command<>(name, args, key, -1, parser, null);
  }

  private static long ttlMillis(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    long millis = ttl.toMillis();
    if (millis < 1) {
      throw new IllegalArgumentException("a time to live must be at least 1 ms, got " + ttl);
    }
    return millis;
  }

  private static byte[] seconds(long millis) {
    return ascii(java.math.BigDecimal.valueOf(millis, 3).toPlainString());
  }

  private static void requireKeys(byte[][] keys) {
    if (keys.length == 0) {
      throw new IllegalArgumentException("at least one key is needed");
    }
    for (byte[] key : keys) {
      Objects.requireNonNull(key, "key");
    }
  }

  private static byte[][] requireValues(byte[][] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("at least one value is needed");
    }
    for (byte[] value : values) {
      Objects.requireNonNull(value, "value");
    }
    return values;
  }

  private static byte[][] scanArgs(String cursor, @Nullable String match, int count, @Nullable String type) {
    List<byte[]> args = new ArrayList<>(7);
    args.add(ascii(cursor));
    if (match != null) {
      args.add(ascii("MATCH"));
      args.add(utf8(match));
    }
    args.add(ascii("COUNT"));
    args.add(ascii(Integer.toString(count)));
    if (type != null) {
      args.add(ascii("TYPE"));
      args.add(ascii(type));
    }
    return args.toArray(byte[][]::new);
  }

  private static ScanPage scanPage(@Nullable Object reply) {
    List<@Nullable Object> parts = list(reply);
    List<byte[]> items = new ArrayList<>();
    for (Object item : list(parts.get(1))) {
      items.add(Objects.requireNonNull(bytes(item)));
    }
    return new ScanPage(String.valueOf(string(parts.get(0))), items);
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
}
