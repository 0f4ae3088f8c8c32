package dev.recall.streams.internal;

/**
 * An entry no handler can take: missing fields, an unknown name, or a body that does not decode. It goes to the
 * dead letters at once, its message as the error; no stack trace is kept, since the message says it all.
 */
final class UndeliverableException extends Exception {
  private static final long serialVersionUID = 1L;

  UndeliverableException(String message) {
    super(message, null, false, false);
  }
}
