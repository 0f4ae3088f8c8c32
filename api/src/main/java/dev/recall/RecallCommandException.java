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
  private final String reply;

  /**
   * Creates the exception for an error reply.
   *
   * @param command the command that failed, such as {@code EVALSHA}
   * @param reply the server's error text, such as {@code WRONGTYPE Operation against a key ...}
   * @param cause the driver's exception, if any
   */
  public RecallCommandException(String command, String reply, @Nullable Throwable cause) {
    this(describe(command, reply), command, reply, cause);
  }

  /**
   * Creates the exception with a message of the subclass's own.
   *
   * @param message the whole message
   * @param command the command that failed
   * @param reply the server's error text, whose first word becomes the {@link #errorCode()}
   * @param cause the driver's exception, if any
   */
  protected RecallCommandException(String message, String command, String reply, @Nullable Throwable cause) {
    super(message, cause);
    this.command = command;
    this.errorCode = codeOf(reply);
    this.reply = reply;
  }

  /** Returns the server's error text as it answered, such as {@code NOPERM this user has no permissions ...}. */
  public String reply() {
    return reply;
  }

  /** Returns whether the server refused the command for lack of ACL permission ({@code NOPERM}). */
  public boolean isPermissionDenied() {
    return "NOPERM".equals(errorCode);
  }

  private static String codeOf(String reply) {
    int space = reply.indexOf(' ');
    return (space < 0 ? reply : reply.substring(0, space)).toUpperCase(Locale.ROOT);
  }

  private static String describe(String command, String reply) {
    if ("NOPERM".equals(codeOf(reply))) {
      return "Redis ACL denied " + command + " (NOPERM): " + reply + "; the connection's ACL user may not run this "
          + "command or access its keys (grant it with ACL SETUSER, or use a key prefix the user may access)";
    }
    return "Redis rejected " + command + ": " + reply;
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
