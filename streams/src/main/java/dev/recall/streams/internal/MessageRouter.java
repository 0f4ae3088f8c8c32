package dev.recall.streams.internal;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.recall.codec.Codecs;
import dev.recall.stream.HandlerBinding;
import dev.recall.stream.Message;
import dev.recall.stream.MessageHandler;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Routing and decoding for one channel: finds the handler bound to an entry's message name (or the channel's
 * handler for any name) and decodes the JSON body into the type that handler takes. Bound while the consumer is
 * built, read-only after, so safe to use from any thread.
 */
final class MessageRouter {
  private final String channel;
  private final Map<String, Route> byName = new HashMap<>();
  private @Nullable Route fallback;

  MessageRouter(String channel) {
    this.channel = channel;
  }

  /** Binds a handler to its message name, or to every name no other handler takes when it names none. */
  void bind(HandlerBinding<?> binding) {
    Route route = new Route(binding, Codecs.defaultMapper().readerFor(
        Codecs.defaultMapper().getTypeFactory().constructType(binding.bodyType())));
    if (binding.messageName() == null) {
      fallback = route;
    } else {
      byName.put(binding.messageName(), route);
    }
  }

  /**
   * Finds the handler for an entry and decodes its body.
   *
   * @throws UndeliverableException when the entry is not a Recall message, no handler takes its name, or its body
   *     does not decode (or is JSON null)
   */
  Invocation route(StreamEntry entry) throws UndeliverableException {
    Map<String, byte[]> fields = DefaultStreams.fields(entry);
    byte[] nameBytes = fields.get("name");
    byte[] body = fields.get("body");
    if (nameBytes == null || body == null) {
      throw new UndeliverableException("entry " + entry.id() + " of channel '" + channel
          + "' is not a Recall message: it needs the fields 'name' and 'body', has " + fields.keySet());
    }
    String messageName = new String(nameBytes, StandardCharsets.UTF_8);
    Route route = byName.getOrDefault(messageName, fallback);
    if (route == null) {
      throw new UndeliverableException("no handler for messages named '" + messageName + "' on channel '" + channel
          + "' (handled names: " + byName.keySet() + ")");
    }
    Object decoded;
    try {
      decoded = route.reader.readValue(body);
    } catch (Exception e) {
      throw new UndeliverableException("cannot decode the body of message '" + messageName + "' (entry "
          + entry.id() + ") as " + route.binding.bodyType().getTypeName() + ": " + e.getMessage());
    }
    if (decoded == null) {
      throw new UndeliverableException("the body of message '" + messageName + "' (entry " + entry.id()
          + ") is JSON null");
    }
    @SuppressWarnings("unchecked")
    MessageHandler<Object> handler = (MessageHandler<Object>) route.binding.handler();
    return new Invocation(handler, new Message<>(messageName, decoded, entry.id()));
  }

  /** A handler binding and the reader for the body type it takes, built once. */
  private record Route(HandlerBinding<?> binding, ObjectReader reader) {}
}
