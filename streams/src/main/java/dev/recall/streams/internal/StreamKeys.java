package dev.recall.streams.internal;

import dev.recall.spi.CommandArgs;
import dev.recall.spi.RequestIds;
import dev.recall.stream.StreamNames;

/**
 * The one place that names a channel's Redis keys. The channel is the hash tag of both keys, so the stream and its
 * dead letters share a cluster slot and one script may touch both.
 */
final class StreamKeys {
  static final String PREFIX = "recall:stream:";

  private StreamKeys() {}

  /** Returns the key of the channel's stream, after checking the name. */
  static byte[] stream(String channel) {
    return CommandArgs.utf8(PREFIX + "{" + StreamNames.channel(channel) + "}");
  }

  /** Returns a new request key of the channel (a random id), in its stream's slot; see {@code send.lua}. */
  static byte[] request(String channel) {
    return CommandArgs.utf8(PREFIX + "{" + StreamNames.channel(channel) + "}:req:" + RequestIds.next());
  }

  /** Returns the key of the channel's dead-letter stream, after checking the name. */
  static byte[] deadLetters(String channel) {
    return CommandArgs.utf8(PREFIX + "{" + StreamNames.channel(channel) + "}:dead");
  }
}
