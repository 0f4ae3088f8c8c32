package dev.recall;

/** No Recall driver, or not the one asked for, is on the class path; the message says which dependency to add. */
public final class DriverNotFoundException extends ModuleNotFoundException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message that names the dependency to add.
   *
   * @param message the description, naming the missing dependency
   */
  public DriverNotFoundException(String message) {
    super(message);
  }
}
