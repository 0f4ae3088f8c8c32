package dev.recall.stream;

import java.lang.reflect.Type;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A handler bound to a channel, for every message or for one message name, with the type its bodies decode to.
 * Made by {@link ConsumerConfig.Builder#handler}.
 *
 * @param channel the channel
 * @param messageName the message name it handles, or {@code null} for every name without a handler of its own
 * @param bodyType the type the JSON body decodes to
 * @param handler the handler
 * @param <T> the body type
 */
public record HandlerBinding<T>(String channel, @Nullable String messageName, Type bodyType, MessageHandler<T> handler) {

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException when the channel or the message name is invalid
   */
  public HandlerBinding {
    StreamNames.channel(channel);
    Objects.requireNonNull(bodyType, "bodyType");
    Objects.requireNonNull(handler, "handler");
    if (messageName != null && messageName.isBlank()) {
      throw new IllegalArgumentException("a message name must not be blank, got '" + messageName + "'");
    }
  }
}
