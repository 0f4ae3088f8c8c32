package dev.recall;

/**
 * The eviction policy a function cache asks for is not on the class path; the message says which dependency to
 * add ({@code dev.recall:recall-policies}).
 */
public final class PolicyNotFoundException extends ModuleNotFoundException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message that names the dependency to add.
   *
   * @param message the description, naming the missing dependency
   */
  public PolicyNotFoundException(String message) {
    super(message);
  }
}
