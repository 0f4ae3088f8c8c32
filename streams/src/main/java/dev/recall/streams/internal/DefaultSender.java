package dev.recall.streams.internal;

import dev.recall.spi.CommandArgs;
import dev.recall.RecallCodecException;
import dev.recall.codec.Codecs;
import dev.recall.spi.Command;
import dev.recall.spi.CommandExecutor;
import dev.recall.stream.Message;
import dev.recall.stream.Sender;
import dev.recall.stream.SenderConfig;
import dev.recall.stream.StreamNames;
import dev.recall.stream.Trim;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** Sends messages as {@code XADD}s with two fields, {@code name} and {@code body} (JSON). */
final class DefaultSender implements Sender {
  static final byte[] NAME = CommandArgs.utf8("name");
  static final byte[] BODY = CommandArgs.utf8("body");

  private final CommandExecutor executor;
  private final SenderConfig config;

  DefaultSender(CommandExecutor executor, SenderConfig config) {
    this.executor = executor;
    this.config = config;
  }

  @Override
  public String send(String channel, Message<?> message) {
    return executor.execute(command(channel, message, trimFor(channel), -1));
  }

  @Override
  public String send(String channel, Message<?> message, @Nullable Trim trim) {
    return executor.execute(command(channel, message, trim, -1));
  }

  @Override
  public List<String> sendAll(String channel, List<? extends Message<?>> messages) {
    List<Command<String>> commands = commands(channel, messages);
    if (commands.isEmpty()) {
      return List.of();
    }
    return ids(executor.executeBatch(commands));
  }

  @Override
  public CompletableFuture<String> sendAsync(String channel, Message<?> message) {
    return executor.executeAsync(command(channel, message, trimFor(channel), -1));
  }

  @Override
  public CompletableFuture<List<String>> sendAllAsync(String channel, List<? extends Message<?>> messages) {
    List<Command<String>> commands = commands(channel, messages);
    if (commands.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return executor.executeBatchAsync(commands).thenApply(DefaultSender::ids);
  }

  @Override
  public SenderConfig config() {
    return config;
  }

  private @Nullable Trim trimFor(String channel) {
    checkChannel(channel);
    return config.trimFor(channel);
  }

  private List<Command<String>> commands(String channel, List<? extends Message<?>> messages) {
    Objects.requireNonNull(messages, "messages");
    Trim trim = trimFor(channel);
    List<Command<String>> commands = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      commands.add(command(channel, messages.get(i), trim, i));
    }
    return commands;
  }

  /** Builds the XADD, encoding the body first: a body that cannot be encoded fails before anything is sent. */
  private Command<String> command(String channel, Message<?> message, @Nullable Trim trim, int index) {
    checkChannel(channel);
    Objects.requireNonNull(message, "message");
    byte[] body;
    try {
      body = Codecs.defaultMapper().writeValueAsBytes(message.body());
    } catch (Exception e) {
      String type = message.body().getClass().getName();
      throw new RecallCodecException("cannot encode the body of message '" + message.name() + "'"
          + (index >= 0 ? " (index " + index + ")" : "") + " for channel '" + channel + "' as JSON: a " + type
          + ": " + e.getMessage(), type, e);
    }
    return StreamCommands.xadd(StreamKeys.stream(channel), trim == null ? null : trim.kind().name(),
        trim == null ? null : trim.threshold(), List.of(NAME, CommandArgs.utf8(message.name()), BODY, body));
  }

  private void checkChannel(String channel) {
    StreamNames.channel(channel);
    if (config.registeredOnly() && !config.channels().containsKey(channel)) {
      throw new IllegalArgumentException("channel '" + channel + "' is not registered with this sender (registered: "
          + config.channels().keySet() + ")");
    }
  }

  private static List<String> ids(List<@Nullable Object> replies) {
    List<String> ids = new ArrayList<>(replies.size());
    for (Object reply : replies) {
      ids.add((String) Objects.requireNonNull(reply));
    }
    return ids;
  }
}
