package dev.recall.stream;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message on a channel: a name (such as {@code order.created}) and a body that Jackson can map to and from JSON.
 * A message read from a stream also carries its entry id.
 *
 * @param name the message name, not blank; consumers may route on it
 * @param body the body, written as JSON
 * @param id the stream entry id once sent or read, else {@code null}
 * @param <T> the body type
 */
public record Message<T>(String name, T body, @Nullable String id) {

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException when the name is blank
   */
  public Message {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(body, "body");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a message name must not be blank, got '" + name + "'");
    }
  }

  /**
   * Creates a message to send.
   *
   * @param <T> the body type
   * @param name the message name, not blank, such as {@code order.created}
   * @param body the body, written as JSON
   * @return a message without an id
   * @throws IllegalArgumentException when the name is blank
   * @throws NullPointerException when the name or the body is null
   */
  public static <T> Message<T> of(String name, T body) {
    return new Message<>(name, body, null);
  }

  /**
   * Returns a copy carrying the given entry id.
   *
   * @param id the stream entry id, such as {@code 1700000000000-0}
   * @return a new message with the same name and body
   * @throws NullPointerException when the id is null
   */
  public Message<T> withId(String id) {
    return new Message<>(name, body, Objects.requireNonNull(id, "id"));
  }
}
