package dev.recall.stream;

import java.nio.charset.StandardCharsets;

/**
 * An entry a consumer group gave up on, as stored in the channel's dead-letter stream.
 *
 * @param id the id of the dead-letter entry
 * @param channel the channel the message came from
 * @param sourceId the id it had in the channel's stream
 * @param group the consumer group that gave up
 * @param name the message name, empty when the entry had none
 * @param body the body exactly as it was in the stream
 * @param error why: the last handler error or the decoding failure
 * @param deliveries how many times it was delivered
 */
public record DeadLetter(
    String id, String channel, String sourceId, String group, String name, byte[] body, String error, long deliveries) {

  /** {@return the body as UTF-8 text (JSON for messages sent by a {@link Sender})} */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
