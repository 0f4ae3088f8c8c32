package dev.recall.streams.internal;

import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * One handler call in the {@link HandlerPool} and how it ended: written by the handler's thread and the pool, read
 * by the channel's reader once the batch is over.
 */
final class HandlerTask {
  final Delivery delivery;
  final Invocation invocation;
  volatile @Nullable Future<?> future;
  volatile @Nullable Throwable failure;
  volatile boolean done;
  volatile boolean abandoned;

  HandlerTask(Delivery delivery, Invocation invocation) {
    this.delivery = delivery;
    this.invocation = invocation;
  }

  /** Whether the handler returned normally, before the stop deadline. */
  boolean succeeded() {
    return !abandoned && done && failure == null;
  }

  /** What the handler threw before the stop deadline, or {@code null} when it returned or was abandoned. */
  @Nullable Throwable failedWith() {
    return !abandoned && done ? failure : null;
  }
}
