package dev.recall;

import org.jspecify.annotations.Nullable;

/**
 * Redis refused a command because the connection's ACL user lacks the permission ({@code NOPERM}): the command
 * itself, or access to one of its keys. The message names the command and, when the command has one, the key.
 */
public final class RecallPermissionException extends RecallCommandException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String key;

  /**
   * Creates the exception.
   *
   * @param command the command that was refused, such as {@code HSET}
   * @param key the key the command addressed, or {@code null} for a keyless command
   * @param reply the server's {@code NOPERM ...} error text
   * @param cause the driver's exception or the plain command exception, if any
   */
  public RecallPermissionException(String command, @Nullable String key, String reply, @Nullable Throwable cause) {
    super("Redis ACL denied " + command + (key == null ? "" : " on key '" + key + "'") + " (NOPERM): " + reply
        + "; the connection's ACL user may not run this command or access this key (grant it with ACL SETUSER, "
        + "e.g. +" + command.toLowerCase(java.util.Locale.ROOT) + " or a ~pattern, or use a key prefix the user may "
        + "access)", command, reply, cause);
    this.key = key;
  }

  /** Returns the key the refused command addressed, or {@code null} for a keyless command. */
  public @Nullable String key() {
    return key;
  }
}
