package dev.recall.internal.tracking;

import dev.recall.ValueConversionException;
import dev.recall.internal.HashTags;
import dev.recall.internal.Limits;
import dev.recall.internal.RedisCommands;
import dev.recall.internal.ValuePreview;
import dev.recall.spi.Command;
import dev.recall.spi.CommandArgs;
import dev.recall.spi.Replies;
import dev.recall.spi.RequestIds;
import dev.recall.spi.Script;
import dev.recall.tracking.RecordedCall;
import dev.recall.tracking.Replay;
import dev.recall.tracking.TrackingOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Redis layout of a tracked name and the commands on it: a counter {@code <prefix><name>} and two aligned lists
 * {@code <prefix><name>:inputs} and {@code :outputs}, plus a short-lived {@code <prefix><name>:req:<id>} per recorded
 * call, which makes its record apply once. On a Redis Cluster the name is a hash tag, so all three share a
 * slot and one script can touch them. Immutable.
 */
final class TrackingStore {
  private static final Script TRACK = Script.fromResource(TrackingStore.class, "track.lua");
  private static final Script REPLAY = Script.fromResource(TrackingStore.class, "replay.lua");

  private final TrackingOptions options;
  private final boolean cluster;
  private final byte[] requestMillis;

  /**
   * @param commandTimeout the client's command timeout, which bounds how late a call's record may be resent (see
   *     {@link RequestIds#lifetimeMillis})
   */
  TrackingStore(TrackingOptions options, boolean cluster, Duration commandTimeout) {
    this.options = options;
    this.cluster = cluster;
    this.requestMillis = RequestIds.lifetimeMillis(commandTimeout);
  }

  /**
   * Returns the name when it can name tracked keys.
   *
   * @throws IllegalArgumentException when it is blank, too long with the prefix, or has an empty hash tag on a
   *     cluster
   */
  String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a tracked name must not be blank, got '" + name + "'");
    }
    Limits.name("tracked name (with prefix '" + options.prefix() + "')", options.prefix() + name);
    keyName(name);
    return name;
  }

  /**
   * Records one call, once however often the command is sent: the script that counts it and keeps the lists
   * aligned applies each call's random request id once, so the command is marked resendable and a connection cut
   * before its reply neither loses the call nor counts it twice.
   */
  Command<?> record(Site site, byte @Nullable [] inputs, byte @Nullable [] output) {
    byte[] none = new byte[0];
    return RedisCommands.evalsha(TRACK,
        List.of(counterKey(site.name()), inputsKey(site.name()), outputsKey(site.name()), requestKey(site.name())),
        List.of(flag(site.count()), flag(site.history()), site.history() ? Objects.requireNonNull(inputs) : none,
            site.history() ? Objects.requireNonNull(output) : none, ascii(Long.toString(options.maxHistory())),
            requestMillis))
        .resendable();
  }

  /** Reads the counter; parse the reply with {@link #countOf}. */
  Command<byte @Nullable []> count(String name) {
    return RedisCommands.get(counterKey(name));
  }

  /**
   * Parses a counter read by {@link #count}.
   *
   * @throws ValueConversionException naming the key when the value is not a whole number (written by something
   *     else)
   */
  long countOf(String name, byte @Nullable [] value) {
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw new ValueConversionException(new String(counterKey(name), StandardCharsets.UTF_8),
          "a call count (long)", ValuePreview.of(value), e);
    }
  }

  /** Reads the count and the history in one atomic script. */
  Command<Replay> replay(String name) {
    return Command.script(REPLAY,
        List.of(counterKey(name), inputsKey(name), outputsKey(name)), List.of(), reply -> {
      List<@Nullable Object> parts = Replies.list(reply);
      long count = parts.get(0) == null ? 0 : Replies.longValue(parts.get(0));
      List<byte @Nullable []> inputs = Replies.bytesList(parts.get(1));
      List<byte @Nullable []> outputs = Replies.bytesList(parts.get(2));
      List<RecordedCall> calls = new ArrayList<>(inputs.size());
      for (int i = 0; i < Math.min(inputs.size(), outputs.size()); i++) {
        calls.add(new RecordedCall(utf8(inputs.get(i)), utf8(outputs.get(i))));
      }
      return new Replay(name, count, calls);
    });
  }

  /** Deletes the counter and both lists. */
  Command<Long> clear(String name) {
    return RedisCommands.del(counterKey(name), inputsKey(name), outputsKey(name));
  }

  private byte[] counterKey(String name) {
    return CommandArgs.utf8(options.prefix() + keyName(name));
  }

  private byte[] inputsKey(String name) {
    return CommandArgs.utf8(options.prefix() + keyName(name) + ":inputs");
  }

  private byte[] outputsKey(String name) {
    return CommandArgs.utf8(options.prefix() + keyName(name) + ":outputs");
  }

  /** A key of its own for one call's record, in the slot of the name's other keys. */
  private byte[] requestKey(String name) {
    return CommandArgs.utf8(options.prefix() + keyName(name) + ":req:" + RequestIds.next());
  }

  private String keyName(String name) {
    return HashTags.tag(options.prefix(), name, "a tracked name", cluster);
  }

  private static byte[] flag(boolean on) {
    return ascii(on ? "1" : "0");
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static String utf8(byte @Nullable [] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
  }
}
