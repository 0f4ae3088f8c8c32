package dev.recall.streams.internal;

import dev.recall.spi.Script;

/**
 * The module's Lua scripts, each composed at load time from the shared helpers ({@code stream-helpers.lua}: stream
 * id order, {@code XINFO GROUPS} parsing, field lookup) followed by its own body, so each helper is written once.
 */
final class StreamScripts {
  private static final String HELPERS = Script.fromResource(StreamScripts.class, "stream-helpers.lua").source();

  /** Moves one pending entry to the dead letters and acknowledges it; see {@code deadletter.lua}. */
  static final Script DEAD_LETTER = compose("deadletter.lua");
  /** Acknowledges entries and deletes those every group has acknowledged; see {@code ackdel.lua}. */
  static final Script ACK_DELETE = compose("ackdel.lua");
  /** Appends messages once per request id, all or none; see {@code send.lua}. */
  static final Script SEND = compose("send.lua");
  /** Deletes one page of entries every group has acknowledged; see {@code cleanup.lua}. */
  static final Script CLEANUP = compose("cleanup.lua");

  private StreamScripts() {}

  private static Script compose(String resource) {
    return Script.of(resource, HELPERS + Script.fromResource(StreamScripts.class, resource).source());
  }
}
