package dev.recall.internal;

import static dev.recall.spi.CommandArgs.ascii;
import static dev.recall.spi.CommandArgs.positiveMillis;
import static dev.recall.spi.CommandArgs.utf8;
import static dev.recall.spi.Replies.bytes;
import static dev.recall.spi.Replies.flag;
import static dev.recall.spi.Replies.list;
import static dev.recall.spi.Replies.longValue;
import static dev.recall.spi.Replies.string;

import dev.recall.spi.Command;
import dev.recall.spi.Command.ReplyParser;
import dev.recall.spi.Replies;
import dev.recall.spi.Script;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Redis operations the api module's features use, as {@link Command}s with their reply parsers: strings,
 * counters, lists, hashes, {@code HSCAN} and Lua scripts. Not a mirror of Redis's command set; {@link #raw} covers
 * the rest (administration and tests), and extension modules build their own with {@link Command}'s factories.
 * Every method checks its arguments and has no other effect.
 */
public final class RedisCommands {
  private static final ReplyParser<@Nullable Object> RAW = reply -> reply;
  private static final ReplyParser<byte @Nullable []> BYTES = Replies::bytes;
  private static final ReplyParser<Long> LONG = Replies::longValue;
  private static final ReplyParser<Boolean> FLAG = Replies::flag;
  private static final ReplyParser<Boolean> OK_OR_NIL = reply -> reply != null;
  private static final ReplyParser<List<byte @Nullable []>> BYTES_LIST = Replies::bytesList;

  private RedisCommands() {}

  /** {@code PING}: answers {@code PONG}. */
  public static Command<String> ping() {
    return Command.keyless("PING", reply -> String.valueOf(string(reply)));
  }

  /** {@code GET key}: the value, or {@code null} when absent. */
  public static Command<byte @Nullable []> get(byte[] key) {
    return Command.keyed("GET", BYTES, key);
  }

  /**
   * {@code SET key value [PX ttl] [NX|XX]}: true when written.
   *
   * @param ttl the time to live, or {@code null} for none; at least one millisecond
   */
  public static Command<Boolean> set(byte[] key, byte[] value, @Nullable Duration ttl, SetCondition condition) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    List<byte[]> args = new ArrayList<>(6);
    args.add(key);
    args.add(value);
    if (ttl != null) {
      args.add(ascii("PX"));
      args.add(ascii(Long.toString(positiveMillis(ttl, "time to live"))));
    }
    switch (condition) {
      case IF_ABSENT -> args.add(ascii("NX"));
      case IF_PRESENT -> args.add(ascii("XX"));
      case ALWAYS -> { }
    }
    return Command.routed("SET", key, args.toArray(byte[][]::new), OK_OR_NIL);
  }

  /** {@code DEL key...}: how many keys were removed. */
  public static Command<Long> del(byte[]... keys) {
    requireKeys(keys);
    return Command.routed("DEL", keys[0], keys.clone(), LONG);
  }

  /** {@code INCRBY key delta}: the new value. */
  public static Command<Long> incrBy(byte[] key, long delta) {
    return Command.keyed("INCRBY", LONG, key, ascii(Long.toString(delta)));
  }

  /** {@code RPUSH key value...}: the new length. */
  public static Command<Long> rpush(byte[] key, byte[]... values) {
    return Command.keyed("RPUSH", LONG, key, requireValues(values));
  }

  /** {@code LPOP key}: the head, or {@code null} when empty. */
  public static Command<byte @Nullable []> lpop(byte[] key) {
    return Command.keyed("LPOP", BYTES, key);
  }

  /**
   * {@code BLPOP key timeout}: the head, waiting up to the timeout for one; {@code null} when none came.
   *
   * @param timeout how long the server waits, at least one millisecond
   */
  public static Command<byte @Nullable []> blpop(byte[] key, Duration timeout) {
    long millis = positiveMillis(timeout, "timeout");
    ReplyParser<byte @Nullable []> second = reply -> reply == null ? null : bytes(list(reply).get(1));
    return Command.blocking("BLPOP", key, millis, new byte[][] {key, seconds(millis)}, second);
  }

  /** {@code LMOVE source destination from to}: the moved element, or {@code null} when the source is empty. */
  public static Command<byte @Nullable []> lmove(byte[] source, byte[] destination, ListEnd from, ListEnd to) {
    Objects.requireNonNull(destination, "destination");
    return Command.keyed("LMOVE", BYTES, source, destination, ascii(from.name()), ascii(to.name()));
  }

  /** {@code BLMOVE source destination from to timeout}: as {@link #lmove}, waiting up to the timeout. */
  public static Command<byte @Nullable []> blmove(
      byte[] source, byte[] destination, ListEnd from, ListEnd to, Duration timeout) {
    long millis = positiveMillis(timeout, "timeout");
    byte[][] args = {source, destination, ascii(from.name()), ascii(to.name()), seconds(millis)};
    return Command.blocking("BLMOVE", source, millis, args, BYTES);
  }

  /** {@code LLEN key}: the length. */
  public static Command<Long> llen(byte[] key) {
    return Command.keyed("LLEN", LONG, key);
  }

  /** {@code LREM key count value}: how many were removed (count 0 removes all, negative from the tail). */
  public static Command<Long> lrem(byte[] key, long count, byte[] value) {
    return Command.keyed("LREM", LONG, key, ascii(Long.toString(count)), Objects.requireNonNull(value, "value"));
  }

  /** {@code HGET key field}: the value, or {@code null}. */
  public static Command<byte @Nullable []> hget(byte[] key, byte[] field) {
    return Command.keyed("HGET", BYTES, key, Objects.requireNonNull(field, "field"));
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
    return Command.keyed("HSET", LONG, key, args);
  }

  /** {@code HDEL key field...}: how many fields were removed. */
  public static Command<Long> hdel(byte[] key, byte[]... fields) {
    return Command.keyed("HDEL", LONG, key, requireValues(fields));
  }

  /** {@code HEXISTS key field}: whether the field exists. */
  public static Command<Boolean> hexists(byte[] key, byte[] field) {
    return Command.keyed("HEXISTS", FLAG, key, Objects.requireNonNull(field, "field"));
  }

  /** {@code HLEN key}: the number of fields. */
  public static Command<Long> hlen(byte[] key) {
    return Command.keyed("HLEN", LONG, key);
  }

  /** {@code HINCRBY key field delta}: the new value. */
  public static Command<Long> hincrBy(byte[] key, byte[] field, long delta) {
    return Command.keyed("HINCRBY", LONG, key, Objects.requireNonNull(field, "field"), ascii(Long.toString(delta)));
  }

  /** {@code HINCRBYFLOAT key field delta}: the new value as Redis prints it. */
  public static Command<String> hincrByFloat(byte[] key, byte[] field, String delta) {
    return Command.keyed("HINCRBYFLOAT", reply -> Objects.requireNonNull(string(reply)), key,
        Objects.requireNonNull(field, "field"), ascii(delta));
  }

  /** {@code HSCAN key cursor [MATCH pattern] [COUNT count]}: one page of flattened field-value pairs. */
  public static Command<ScanPage> hscan(byte[] key, String cursor, @Nullable String match, int count) {
    return Command.keyed("HSCAN", RedisCommands::scanPage, key, scanArgs(cursor, match, count, null));
  }

  /**
   * {@code EVALSHA sha numkeys key... arg...}, falling back to {@code EVAL} when the server has lost the script (see
   * {@link Command#script}); the reply is raw (see {@link Command}).
   */
  public static Command<@Nullable Object> evalsha(Script script, List<byte[]> keys, List<byte[]> args) {
    return Command.script(script, keys, args, RAW);
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
    return Command.keyless(name, RAW, wire);
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
}
