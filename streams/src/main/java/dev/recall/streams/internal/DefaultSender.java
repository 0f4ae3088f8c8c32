package dev.recall.streams.internal;

import dev.recall.spi.CommandArgs;
import dev.recall.RecallCodecException;
import dev.recall.codec.Codecs;
import dev.recall.spi.Command;
import dev.recall.spi.Command.ReplyParser;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.Replies;
import dev.recall.spi.RequestIds;
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

/**
 * Sends messages as {@code XADD}s with two fields, {@code name} and {@code body} (JSON), through one script
 * ({@code send.lua}) that appends a request's messages all or none and applies each request's random id once. A
 * request is therefore resendable: a connection cut before its reply neither loses the messages nor appends them
 * twice, as the executor resends it within the command timeout (and a driver's replay after a reconnect changes
 * nothing). A batch goes in requests of at most {@link #CHUNK} messages, one after another, so no script holds the
 * server for long.
 */
final class DefaultSender implements Sender {
  static final byte[] NAME = CommandArgs.utf8("name");
  static final byte[] BODY = CommandArgs.utf8("body");
  /** The most messages one request appends, so that no script holds the server for more than a few milliseconds. */
  static final int CHUNK = 1000;

  private static final byte[] NO_TRIM = new byte[0];

  private final CommandExecutor executor;
  private final SenderConfig config;
  private final byte[] requestMillis;

  DefaultSender(CommandExecutor executor, SenderConfig config) {
    this.executor = executor;
    this.config = config;
    this.requestMillis = RequestIds.lifetimeMillis(executor.commandTimeout());
  }

  @Override
  public String send(String channel, Message<?> message) {
    return executor.execute(single(channel, message, trimFor(channel)));
  }

  @Override
  public String send(String channel, Message<?> message, @Nullable Trim trim) {
    checkChannel(channel);
    return executor.execute(single(channel, message, trim));
  }

  @Override
  public List<String> sendAll(String channel, List<? extends Message<?>> messages) {
    List<Command<List<String>>> requests = requests(channel, messages);
    List<String> ids = new ArrayList<>(messages.size());
    for (Command<List<String>> request : requests) {
      ids.addAll(executor.execute(request));
    }
    return ids;
  }

  @Override
  public CompletableFuture<String> sendAsync(String channel, Message<?> message) {
    return executor.executeAsync(single(channel, message, trimFor(channel)));
  }

  @Override
  public CompletableFuture<List<String>> sendAllAsync(String channel, List<? extends Message<?>> messages) {
    List<Command<List<String>>> requests = requests(channel, messages);
    CompletableFuture<List<String>> sent = CompletableFuture.completedFuture(new ArrayList<>(messages.size()));
    for (Command<List<String>> request : requests) {
      sent = sent.thenCompose(ids -> executor.executeAsync(request).thenApply(more -> {
        ids.addAll(more);
        return ids;
      }));
    }
    return sent;
  }

  @Override
  public SenderConfig config() {
    return config;
  }

  private @Nullable Trim trimFor(String channel) {
    checkChannel(channel);
    return config.trimFor(channel);
  }

  /** The requests of a batch, every body encoded first: one that cannot be encoded fails before anything is sent. */
  private List<Command<List<String>>> requests(String channel, List<? extends Message<?>> messages) {
    Objects.requireNonNull(messages, "messages");
    Trim trim = trimFor(channel);
    List<Command<List<String>>> requests = new ArrayList<>(messages.size() / CHUNK + 1);
    for (int from = 0; from < messages.size(); from += CHUNK) {
      int to = Math.min(messages.size(), from + CHUNK);
      List<byte[]> namesAndBodies = new ArrayList<>(2 * (to - from));
      for (int i = from; i < to; i++) {
        encode(channel, messages.get(i), i, namesAndBodies);
      }
      requests.add(request(channel, trim, namesAndBodies, DefaultSender::idsOf));
    }
    return requests;
  }

  private Command<String> single(String channel, Message<?> message, @Nullable Trim trim) {
    List<byte[]> nameAndBody = new ArrayList<>(2);
    encode(channel, message, -1, nameAndBody);
    return request(channel, trim, nameAndBody, reply -> idsOf(reply).get(0));
  }

  /** One request of {@code send.lua}, with a new request id; resendable, as the script applies the id once. */
  private <T> Command<T> request(String channel, @Nullable Trim trim, List<byte[]> namesAndBodies,
      ReplyParser<T> parser) {
    List<byte[]> args = new ArrayList<>(3 + namesAndBodies.size());
    args.add(requestMillis);
    args.add(trim == null ? NO_TRIM : CommandArgs.utf8(trim.kind().name()));
    args.add(trim == null ? NO_TRIM : CommandArgs.utf8(trim.threshold()));
    args.addAll(namesAndBodies);
    return Command.script(StreamScripts.SEND, List.of(StreamKeys.stream(channel), StreamKeys.request(channel)), args,
        parser).resendable();
  }

  /** Encodes one message's name and body, failing before anything is sent when the body cannot be encoded. */
  private static void encode(String channel, Message<?> message, int index, List<byte[]> into) {
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
    into.add(CommandArgs.utf8(message.name()));
    into.add(body);
  }

  private void checkChannel(String channel) {
    StreamNames.channel(channel);
    if (config.registeredOnly() && !config.channels().containsKey(channel)) {
      throw new IllegalArgumentException("channel '" + channel + "' is not registered with this sender (registered: "
          + config.channels().keySet() + ")");
    }
  }

  private static List<String> idsOf(@Nullable Object reply) {
    List<@Nullable Object> replies = Replies.list(reply);
    List<String> ids = new ArrayList<>(replies.size());
    for (Object id : replies) {
      ids.add(Objects.requireNonNull(Replies.string(id)));
    }
    return ids;
  }
}
