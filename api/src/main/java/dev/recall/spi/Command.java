package dev.recall.spi;

import dev.recall.RecallCommandException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One Redis command in wire form (a name and byte arguments) together with the parser that turns the driver's raw
 * reply into a typed result. Extension modules build their commands with the factories here ({@link #keyless},
 * {@link #keyed}, {@link #routed}, {@link #blocking}, {@link #script}); drivers only send them.
 *
 * <p>Raw replies follow one shape for every driver: an integer is a {@link Long}, a bulk or status string is a
 * {@code byte[]}, an array is a {@code List<Object>} of raw replies, and nil is {@code null}; an error reply is
 * thrown as a {@link RecallCommandException}, and an error inside an array (a Lua table) is a
 * {@code RecallCommandException} element; {@link Replies} reads them. Immutable; the argument arrays must not be
 * changed after construction.
 *
 * @param <T> the type of the parsed reply
 */
public final class Command<T> {
  private static final byte[] EVAL = "EVAL".getBytes(StandardCharsets.US_ASCII);

  private final String name;
  private final byte[] nameBytes;
  private final byte[][] args;
  private final byte @Nullable [] routingKey;
  private final long blockMillis;
  private final ReplyParser<T> parser;
  private final @Nullable Script script;
  private final boolean resendable;

  private Command(
      String name,
      byte[] nameBytes,
      byte[][] args,
      byte @Nullable [] routingKey,
      long blockMillis,
      ReplyParser<T> parser,
      @Nullable Script script,
      boolean resendable) {
    this.name = name;
    this.nameBytes = nameBytes;
    this.args = args;
    this.routingKey = routingKey;
    this.blockMillis = blockMillis;
    this.parser = Objects.requireNonNull(parser, "parser");
    this.script = script;
    this.resendable = resendable;
  }

  private static <T> Command<T> create(
      String name, byte[][] args, byte @Nullable [] routingKey, long blockMillis, ReplyParser<T> parser) {
    Objects.requireNonNull(name, "name");
    for (byte[] arg : Objects.requireNonNull(args, "args")) {
      Objects.requireNonNull(arg, "argument");
    }
    return new Command<>(
        name, name.getBytes(StandardCharsets.US_ASCII), args, routingKey, blockMillis, parser, null, false);
  }

  /**
   * A command that touches no key, such as {@code PING} or {@code CONFIG GET}; a cluster driver may send it to any
   * node.
   *
   * @param <T> the type of the parsed reply
   * @param name the command name, ASCII, such as {@code PING}
   * @param parser turns the raw reply into the result
   * @param args the arguments after the name, in wire order
   * @return the command
   * @throws NullPointerException when the name, the parser or an argument is null
   */
  public static <T> Command<T> keyless(String name, ReplyParser<T> parser, byte[]... args) {
    return create(name, args, null, -1, parser);
  }

  /**
   * A command whose first argument is its key, which a cluster driver routes it by: {@code name key rest...}.
   *
   * @param <T> the type of the parsed reply
   * @param name the command name, ASCII, such as {@code GET}
   * @param parser turns the raw reply into the result
   * @param key the key, sent as the first argument and used for routing
   * @param rest the arguments after the key, in wire order
   * @return the command
   * @throws NullPointerException when the name, the parser, the key or an argument is null
   */
  public static <T> Command<T> keyed(String name, ReplyParser<T> parser, byte[] key, byte[]... rest) {
    Objects.requireNonNull(key, "key");
    byte[][] args = new byte[rest.length + 1][];
    args[0] = key;
    System.arraycopy(rest, 0, args, 1, rest.length);
    return create(name, args, key, -1, parser);
  }

  /**
   * A command sent with exactly {@code args}, routed by {@code routingKey}, which must be one of the keys among the
   * arguments (for commands whose key is not the first argument, such as {@code XINFO GROUPS key}).
   *
   * @param <T> the type of the parsed reply
   * @param name the command name, ASCII, such as {@code XINFO}
   * @param routingKey the key among {@code args} that a cluster driver routes by
   * @param args every argument after the name, in wire order
   * @param parser turns the raw reply into the result
   * @return the command
   * @throws NullPointerException when the name, the parser, the routing key or an argument is null
   */
  public static <T> Command<T> routed(String name, byte[] routingKey, byte[][] args, ReplyParser<T> parser) {
    return create(name, args, Objects.requireNonNull(routingKey, "routingKey"), -1, parser);
  }

  /**
   * A command the server may hold back up to {@code blockMillis} ({@code BLPOP}, {@code XREADGROUP BLOCK});
   * drivers send it on a connection of its own, with a timeout that allows for the wait.
   *
   * @param <T> the type of the parsed reply
   * @param name the command name, ASCII, such as {@code BLPOP}
   * @param routingKey the key among {@code args} that a cluster driver routes by
   * @param blockMillis the longest the server may wait before replying, in milliseconds; 0 or more
   * @param args every argument after the name, in wire order
   * @param parser turns the raw reply into the result
   * @return the blocking command
   * @throws IllegalArgumentException when {@code blockMillis} is negative
   * @throws NullPointerException when the name, the parser, the routing key or an argument is null
   */
  public static <T> Command<T> blocking(
      String name, byte[] routingKey, long blockMillis, byte[][] args, ReplyParser<T> parser) {
    if (blockMillis < 0) {
      throw new IllegalArgumentException("a blocking command's wait must be 0 ms or more, got " + blockMillis);
    }
    return create(name, args, Objects.requireNonNull(routingKey, "routingKey"), blockMillis, parser);
  }

  /**
   * {@code EVALSHA sha numkeys key... arg...}, routed by the first key. When the server has lost the script,
   * {@link #onNoScript()} gives the {@code EVAL} command that sends its source (which also caches it again); that
   * fallback is built only then, so the common path never encodes the source.
   *
   * @param <T> the type of the parsed reply
   * @param script the script to run
   * @param keys the keys the script touches ({@code KEYS} in Lua); the first one routes the command, and with none it
   *     is keyless
   * @param args the further arguments ({@code ARGV} in Lua)
   * @param parser turns the raw reply into the result
   * @return the {@code EVALSHA} command
   * @throws NullPointerException when the script, the parser, a key or an argument is null
   */
  public static <T> Command<T> script(Script script, List<byte[]> keys, List<byte[]> args, ReplyParser<T> parser) {
    Objects.requireNonNull(script, "script");
    int keyCount = keys.size();
    byte[][] wire = new byte[2 + keyCount + args.size()][];
    wire[0] = script.sha1Bytes();
    wire[1] = Script.count(keyCount);
    int i = 2;
    for (byte[] key : keys) {
      wire[i++] = Objects.requireNonNull(key, "key");
    }
    for (byte[] arg : args) {
      wire[i++] = Objects.requireNonNull(arg, "argument");
    }
    byte[] routingKey = keyCount == 0 ? null : wire[2];
    return new Command<>("EVALSHA", Script.EVALSHA, wire, routingKey, -1, parser, script, false);
  }

  /** {@return the command name as sent, such as {@code GET} or {@code XGROUP}} */
  public String name() {
    return name;
  }

  /** {@return the command name as ASCII bytes} The array is shared: do not change it. */
  public byte[] nameBytes() {
    return nameBytes;
  }

  /** {@return the arguments after the name} The arrays are shared: do not change them. */
  public byte[][] args() {
    return args;
  }

  /** {@return a key the command touches, which a cluster driver routes by, or {@code null} for keyless commands} */
  public byte @Nullable [] routingKey() {
    return routingKey;
  }

  /**
   * Returns whether the server may hold the reply back ({@code BLPOP}, {@code XREADGROUP BLOCK}); drivers send
   * such commands on a connection of their own so they never stall other callers.
   *
   * @return {@code true} for a command built with {@link #blocking}
   */
  public boolean isBlocking() {
    return blockMillis >= 0;
  }

  /** {@return how long the server may hold a blocking command, in milliseconds, or -1 when not blocking} */
  public long blockMillis() {
    return blockMillis;
  }

  /**
   * Returns this command marked as safe to send again after its connection failed before its reply came: running
   * it twice has the effect of running it once (a read, a {@code SET} of a fixed value, or a script that applies a
   * request id once). The executor then resends it, within the command timeout, instead of failing the caller;
   * a command that may have run and is not marked is never resent, as it could apply twice.
   *
   * @return a copy of this command, marked
   */
  public Command<T> resendable() {
    return resendable ? this : new Command<>(name, nameBytes, args, routingKey, blockMillis, parser, script, true);
  }

  /** {@return whether this command may be sent again after its connection failed before its reply came} */
  public boolean isResendable() {
    return resendable;
  }

  /**
   * Parses a raw reply from a driver.
   *
   * @param reply the raw reply, in the shape described on this class; {@code null} for nil
   * @return the typed result
   * @throws RecallCommandException when the reply does not have the shape this command expects
   */
  public T parse(@Nullable Object reply) {
    return parser.parse(reply);
  }

  /**
   * Returns the command to send instead when this one fails with {@code NOSCRIPT}: for a {@link #script} command
   * the {@code EVAL} of its source, built on each call; {@code null} for any other command.
   *
   * @return the fallback command, or {@code null}
   */
  public @Nullable Command<T> onNoScript() {
    Script lost = script;
    if (lost == null) {
      return null;
    }
    byte[][] wire = args.clone();
    wire[0] = lost.sourceBytes();
    return new Command<>("EVAL", EVAL, wire, routingKey, -1, parser, null, resendable);
  }

  @Override
  public String toString() {
    return "Command[" + name + ", " + args.length + " args]";
  }

  /**
   * Turns a raw reply into a typed value.
   *
   * @param <T> the typed value
   */
  @FunctionalInterface
  public interface ReplyParser<T> {
    /**
     * Parses the raw reply.
     *
     * @param reply the raw reply, in the shape described on {@link Command}; {@code null} for nil
     * @return the typed value
     * @throws RecallCommandException when the reply has an unexpected shape
     */
    T parse(@Nullable Object reply);
  }
}
