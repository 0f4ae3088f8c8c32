package dev.recall;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Redis answered a command with an error reply, such as {@code WRONGTYPE}, {@code NOSCRIPT} or {@code NOPERM}.
 * {@link #errorCode()} is the reply's first word, so callers can tell the cases apart.
 */
public non-sealed class RecallCommandException extends RecallException {
  private static final long serialVersionUID = 1L;

  /** The name of the command that failed. */
  private final String command;
  /** The first word of the error reply, in upper case. */
  private final String errorCode;
  /** The server's error text as it answered. */
  private final String reply;
  /** The key the failed command addressed, or {@code null}. */
  private final @Nullable String key;

  /**
   * Creates the exception for an error reply.
   *
   * @param command the command that failed, such as {@code EVALSHA}
   * @param reply the server's error text, such as {@code WRONGTYPE Operation against a key ...}
   * @param cause the driver's exception, if any
   */
  public RecallCommandException(String command, String reply, @Nullable Throwable cause) {
    this(describe(command, null, reply), command, null, reply, cause);
  }

  /**
   * Creates the exception for an error reply to a command on a key, which the message names.
   *
   * @param command the command that failed, such as {@code GET}
   * @param key the key the command addressed, or {@code null}
   * @param reply the server's error text, such as {@code WRONGTYPE Operation against a key ...}
   * @param cause the driver's exception, if any
   */
  public RecallCommandException(String command, @Nullable String key, String reply, @Nullable Throwable cause) {
    this(describe(command, key, reply), command, key, reply, cause);
  }

  /**
   * Creates the exception with a message of the subclass's own.
   *
   * @param message the whole message
   * @param command the command that failed
   * @param key the key the command addressed, or {@code null}
   * @param reply the server's error text, whose first word becomes the {@link #errorCode()}
   * @param cause the driver's exception, if any
   */
  protected RecallCommandException(String message, String command, @Nullable String key, String reply,
      @Nullable Throwable cause) {
    super(message, cause);
    this.command = command;
    this.key = key;
    this.errorCode = codeOf(reply);
    this.reply = reply;
  }

  /** {@return the server's error text as it answered, such as {@code NOPERM this user has no permissions ...}} */
  public String reply() {
    return reply;
  }

  /** {@return the key the failed command addressed, when known; {@code null} for keyless commands} */
  public @Nullable String key() {
    return key;
  }

  /** {@return whether the server refused the command for lack of ACL permission ({@code NOPERM})} */
  public boolean isPermissionDenied() {
    return "NOPERM".equals(errorCode);
  }

  private static String codeOf(String reply) {
    int space = reply.indexOf(' ');
    return (space < 0 ? reply : reply.substring(0, space)).toUpperCase(Locale.ROOT);
  }

  private static String describe(String command, @Nullable String key, String reply) {
    String on = key == null ? "" : " on key '" + key + "'";
    if ("NOPERM".equals(codeOf(reply))) {
      return "Redis ACL denied " + command + on + " (NOPERM): " + reply + "; the connection's ACL user may not run "
          + "this command or access this key (grant it with ACL SETUSER, e.g. +" + command.toLowerCase(Locale.ROOT)
          + " or a ~pattern, or use a key prefix the user may access)";
    }
    if ("WRONGTYPE".equals(codeOf(reply))) {
      return "Redis rejected " + command + on + ": " + reply + " (the key holds another Redis type than this "
          + "feature stores: written by another tool, or the same name used for two features)";
    }
    return "Redis rejected " + command + on + ": " + reply;
  }

  /** Returns the message {@link RecallPermissionException} and this class give a {@code NOPERM} reply. */
  static String describePermission(String command, @Nullable String key, String reply) {
    return describe(command, key, reply);
  }

  /** {@return the name of the command that failed} */
  public String command() {
    return command;
  }

  /**
   * {@return the error reply's code, its first word in upper case ({@code ERR}, {@code WRONGTYPE},
   * {@code NOSCRIPT})}
   */
  public String errorCode() {
    return errorCode;
  }
}
