package dev.recall.streams.internal;

import dev.recall.spi.CommandArgs;
import dev.recall.RecallCommandException;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.Replies;
import dev.recall.stream.Consumer;
import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.DeadLetter;
import dev.recall.stream.Sender;
import dev.recall.stream.SenderConfig;
import dev.recall.stream.StreamNames;
import dev.recall.stream.Streams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The {@link Streams} of one client. */
final class DefaultStreams implements Streams {
  private static final int CLEANUP_PAGE = 1000;

  private final CommandExecutor executor;

  DefaultStreams(CommandExecutor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  CommandExecutor executor() {
    return executor;
  }

  @Override
  public Sender sender() {
    return new DefaultSender(executor, SenderConfig.defaults());
  }

  @Override
  public Sender sender(SenderConfig config) {
    return new DefaultSender(executor, Objects.requireNonNull(config, "config"));
  }

  @Override
  public Consumer consumer(ConsumerConfig config) {
    return new DefaultConsumer(this, Objects.requireNonNull(config, "config"));
  }

  @Override
  public long cleanUp(String channel) {
    byte[] key = StreamKeys.stream(channel);
    long deleted = 0;
    String start = "-";
    while (!start.isEmpty()) {
      List<@Nullable Object> reply = Replies.list(executor.execute(StreamCommands.script(StreamScripts.CLEANUP,
          List.of(key), List.of(CommandArgs.utf8(start), CommandArgs.utf8(Integer.toString(CLEANUP_PAGE))))));
      deleted += Replies.longValue(reply.get(0));
      start = String.valueOf(Replies.string(reply.get(1)));
    }
    return deleted;
  }

  @Override
  public List<DeadLetter> deadLetters(String channel, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    List<DeadLetter> letters = new ArrayList<>();
    byte[] key = StreamKeys.deadLetters(channel);
    for (StreamEntry entry : executor.execute(StreamCommands.xrange(key, "-", "+", limit))) {
      Map<String, byte[]> fields = fields(entry);
      letters.add(new DeadLetter(entry.id(), channel, text(fields.get("source-id")), text(fields.get("group")),
          text(fields.get("name")), fields.getOrDefault("body", new byte[0]), text(fields.get("error")),
          Long.parseLong(text(fields.get("deliveries")).isEmpty() ? "0" : text(fields.get("deliveries")))));
    }
    return letters;
  }

  @Override
  public long length(String channel) {
    return executor.execute(StreamCommands.xlen(StreamKeys.stream(channel)));
  }

  @Override
  public long deadLetterCount(String channel) {
    return executor.execute(StreamCommands.xlen(StreamKeys.deadLetters(channel)));
  }

  @Override
  public long pending(String channel, String group) {
    StreamNames.group(group);
    List<StreamGroupInfo> groups;
    try {
      groups = executor.execute(StreamCommands.xinfoGroups(StreamKeys.stream(channel)));
    } catch (RecallCommandException e) {
      if (String.valueOf(e.getMessage()).contains("no such key")) {
        return 0;
      }
      throw e;
    }
    return groups.stream().filter(info -> info.name().equals(group)).mapToLong(StreamGroupInfo::pending)
        .findFirst().orElse(0);
  }

  /** Returns an entry's fields by name; the last one wins when a name repeats. */
  static Map<String, byte[]> fields(StreamEntry entry) {
    Map<String, byte[]> fields = new HashMap<>();
    List<byte[]> flat = entry.fields();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      fields.put(new String(flat.get(i), StandardCharsets.UTF_8), flat.get(i + 1));
    }
    return fields;
  }

  private static String text(byte @Nullable [] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
  }
}
