package dev.recall;

import org.jspecify.annotations.Nullable;

/**
 * Redis refused a command because the connection's ACL user lacks the permission ({@code NOPERM}): the command
 * itself, or access to one of its keys. The message names the command and, when the command has one, the key.
 */
public final class RecallPermissionException extends RecallCommandException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param command the command that was refused, such as {@code HSET}
   * @param key the key the command addressed, or {@code null} for a keyless command
   * @param reply the server's {@code NOPERM ...} error text
   * @param cause the driver's exception or the plain command exception, if any
   */
  public RecallPermissionException(String command, @Nullable String key, String reply, @Nullable Throwable cause) {
    super(describePermission(command, key, reply), command, key, reply, cause);
  }
}
