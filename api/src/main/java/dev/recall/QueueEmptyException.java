package dev.recall;

/**
 * A non-blocking take found the queue empty, as {@code getNowait} on an empty queue; the message names the queue.
 */
public final class QueueEmptyException extends RecallException {
  private static final long serialVersionUID = 1L;

  private final String queue;

  /** Creates the exception for the named queue. */
  public QueueEmptyException(String queue) {
    super("queue '" + queue + "' is empty", null);
    this.queue = queue;
  }

  /** Returns the name of the queue that was empty. */
  public String queue() {
    return queue;
  }
}
