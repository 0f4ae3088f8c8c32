package dev.recall;

/**
 * A feature's module is not on the class path, such as {@code dev.recall:recall-streams} for
 * {@link RecallClient#streams()}; the message names the dependency to add.
 */
public final class ModuleNotFoundException extends RecallException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the dependency to add. */
  public ModuleNotFoundException(String message) {
    super(message, null);
  }
}
