package dev.recall;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Redis answered a command with an error reply, such as {@code WRONGTYPE}, {@code NOSCRIPT} or {@code NOPERM}.
 * {@link #errorCode()} is the reply's first word, so callers can tell the cases apart.
 */
public non-sealed class RecallCommandException extends RecallException {
  private static final long serialVersionUID = 1L;

  private final String command;
  private final String errorCode;

  /**
   * Creates the exception for an error reply.
   *
   * @param command the command that failed, such as {@code EVALSHA}
   * @param reply the server's error text, such as {@code WRONGTYPE Operation against a key ...}
   * @param cause the driver's exception, if any
   */
  public RecallCommandException(String command, String reply, @Nullable Throwable cause) {
    super("Redis rejected " + command + ": " + reply, cause);
    this.command = command;
    int space = reply.indexOf(' ');
    this.errorCode = (space < 0 ? reply : reply.substring(0, space)).toUpperCase(Locale.ROOT);
  }

  /** Returns the name of the command that failed. */
  public String command() {
    return command;
  }

  /** Returns the error reply's code, its first word in upper case ({@code ERR}, {@code WRONGTYPE}, {@code NOSCRIPT}). */
  public String errorCode() {
    return errorCode;
  }
}
