package dev.recall;

/**
 * A non-blocking take found the queue empty, as {@code getNowait} on an empty queue; the message names the queue.
 */
public final class QueueEmptyException extends RecallException {
  private static final long serialVersionUID = 1L;

  /** The name of the queue that was empty. */
  private final String queue;

  /**
   * Creates the exception for the named queue.
   *
   * @param queue the name of the queue that was empty
   */
  public QueueEmptyException(String queue) {
    super("queue '" + queue + "' is empty", null);
    this.queue = queue;
  }

  /** {@return the name of the queue that was empty} */
  public String queue() {
    return queue;
  }
}
