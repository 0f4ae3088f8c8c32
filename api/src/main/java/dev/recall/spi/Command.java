package dev.recall.spi;

import dev.recall.RecallCommandException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One Redis command in wire form (a name and byte arguments) together with the parser that turns the driver's raw
 * reply into a typed result. Build commands with {@link RedisCommands}; drivers only send them.
 *
 * <p>Raw replies follow one shape for every driver: an integer is a {@link Long}, a bulk or status string is a
 * {@code byte[]}, an array is a {@code List<Object>} of raw replies, and nil is {@code null}; an error reply is
 * thrown as a {@link RecallCommandException}, and an error inside an array (a Lua table) is a
 * {@code RecallCommandException} element. Immutable; the argument arrays must not be changed after
 * construction.
 *
 * @param <T> the type of the parsed reply
 */
public final class Command<T> {
  private final String name;
  private final byte[] nameBytes;
  private final byte[][] args;
  private final byte @Nullable [] routingKey;
  private final long blockMillis;
  private final ReplyParser<T> parser;
  private final @Nullable Command<T> onNoScript;

  Command(
      String name,
      byte[][] args,
      byte @Nullable [] routingKey,
      long blockMillis,
      ReplyParser<T> parser,
      @Nullable Command<T> onNoScript) {
    this.name = Objects.requireNonNull(name, "name");
    this.nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    this.args = Objects.requireNonNull(args, "args");
    this.routingKey = routingKey;
    this.blockMillis = blockMillis;
    this.parser = Objects.requireNonNull(parser, "parser");
    this.onNoScript = onNoScript;
  }

  /** Returns the command name as sent, such as {@code GET} or {@code XGROUP}. */
  public String name() {
    return name;
  }

  /** Returns the command name as ASCII bytes. The array is shared: do not change it. */
  public byte[] nameBytes() {
    return nameBytes;
  }

  /** Returns the arguments after the name. The arrays are shared: do not change them. */
  public byte[][] args() {
    return args;
  }

  /** Returns a key the command touches, which a cluster driver routes by, or {@code null} for keyless commands. */
  public byte @Nullable [] routingKey() {
    return routingKey;
  }

  /**
   * Returns whether the server may hold the reply back ({@code BLPOP}, {@code XREADGROUP BLOCK}); drivers send
   * such commands on a connection of their own so they never stall other callers.
   */
  public boolean isBlocking() {
    return blockMillis >= 0;
  }

  /** Returns how long the server may hold a blocking command, in milliseconds, or -1 when not blocking. */
  public long blockMillis() {
    return blockMillis;
  }

  /**
   * Parses a raw reply from a driver.
   *
   * @throws RecallCommandException when the reply does not have the shape this command expects
   */
  public T parse(@Nullable Object reply) {
    return parser.parse(reply);
  }

  /** Returns the command to send instead when this one fails with {@code NOSCRIPT}, or {@code null}. */
  public @Nullable Command<T> onNoScript() {
    return onNoScript;
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
     * @throws RecallCommandException when the reply has an unexpected shape
     */
    T parse(@Nullable Object reply);
  }
}
