package dev.recall.streams.internal;

import dev.recall.stream.ConsumerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands a batch of deliveries to their handlers: routes and decodes each entry (one no handler can take goes to
 * the dead letters at once), runs the handlers concurrently and waits for them, then settles the batch: one
 * acknowledgement for those that returned, a retry or a dead letter for each that threw.
 */
final class BatchDispatcher {
  private final ConsumerConfig config;
  private final HandlerPool pool;
  private final Settlement settlement;
  private final ErrorReporter errors;

  BatchDispatcher(ConsumerConfig config, HandlerPool pool, Settlement settlement, ErrorReporter errors) {
    this.config = config;
    this.pool = pool;
    this.settlement = settlement;
    this.errors = errors;
  }

  /** Dispatches a batch and returns how many entries went to handlers or to the dead letters. */
  int dispatch(ConsumerChannel channel, List<Delivery> batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    config.metrics().delivered(channel.name, config.group(), batch.size());
    List<HandlerTask> tasks = new ArrayList<>(batch.size());
    int handled = 0;
    for (Delivery delivery : batch) {
      Invocation invocation;
      try {
        invocation = channel.router.route(delivery.entry());
      } catch (UndeliverableException e) {
        errors.report(channel.name, delivery.entry().id(), e);
        settlement.deadLetter(channel, delivery.entry().id(), e.getMessage(), delivery.deliveries());
        handled++;
        continue;
      }
      HandlerTask task = pool.submit(channel.name, delivery, invocation);
      if (task == null) {
        break; // interrupted or shutting down: the rest stay pending
      }
      tasks.add(task);
      handled++;
    }
    pool.awaitAll(tasks);
    List<String> succeeded = new ArrayList<>();
    for (HandlerTask task : tasks) {
      if (task.succeeded()) {
        succeeded.add(task.delivery.entry().id());
      }
    }
    settlement.acknowledge(channel, succeeded);
    for (HandlerTask task : tasks) {
      Throwable failure = task.failedWith();
      if (failure != null) {
        settlement.failed(channel, task.delivery, failure);
      }
    }
    return handled;
  }
}
