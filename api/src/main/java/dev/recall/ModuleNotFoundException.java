package dev.recall;

/**
 * A module Recall needs is not on the class path, such as {@code dev.recall:recall-streams} for
 * {@link RecallClient#streams()}; the message names the dependency to add. {@link DriverNotFoundException} and
 * {@link PolicyNotFoundException} are the cases for drivers and eviction policies.
 */
public sealed class ModuleNotFoundException extends RecallException
    permits DriverNotFoundException, PolicyNotFoundException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message that names the dependency to add.
   *
   * @param message the description, naming the missing dependency
   */
  public ModuleNotFoundException(String message) {
    super(message, null);
  }
}
