package dev.recall.streams.internal;

import dev.recall.stream.Message;
import dev.recall.stream.MessageHandler;

/**
 * A handler and the decoded message it is to handle, as {@link MessageRouter} prepares them.
 *
 * @param handler the handler bound to the message's name
 * @param message the message, its body decoded
 */
record Invocation(MessageHandler<Object> handler, Message<Object> message) {

  /**
   * Calls the handler.
   *
   * @throws Exception whatever the handler throws
   */
  void invoke() throws Exception {
    handler.handle(message);
  }
}
