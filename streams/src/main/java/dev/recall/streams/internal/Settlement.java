package dev.recall.streams.internal;

import dev.recall.spi.CommandArgs;
import dev.recall.RecallConnectionException;
import dev.recall.spi.Command;
import dev.recall.spi.CommandExecutor;
import dev.recall.stream.ConsumerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Settles delivered entries with the server: acknowledges those whose handlers returned (and deletes them with the
 * {@code ackdel.lua} script when {@link ConsumerConfig#deleteAcknowledged()}), schedules the retry of those that
 * failed, and moves those out of deliveries to the dead letters.
 */
final class Settlement {
  private static final int ACK_CHUNK = 1000;
  private static final int ACK_ATTEMPTS = 4;
  private static final long ACK_RETRY_PAUSE_MILLIS = 50;

  private final CommandExecutor executor;
  private final ConsumerConfig config;
  private final StopSignal stop;
  private final ErrorReporter errors;

  Settlement(CommandExecutor executor, ConsumerConfig config, StopSignal stop, ErrorReporter errors) {
    this.executor = executor;
    this.config = config;
    this.stop = stop;
    this.errors = errors;
  }

  /** Acknowledges entries whose handlers returned, a thousand per command. */
  void acknowledge(ConsumerChannel channel, List<String> ids) {
    for (int from = 0; from < ids.size(); from += ACK_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + ACK_CHUNK));
      if (!config.deleteAcknowledged()) {
        executeIdempotent(StreamCommands.xack(channel.key, config.group(), chunk));
      } else {
        List<byte[]> args = new ArrayList<>(chunk.size() + 1);
        args.add(CommandArgs.utf8(config.group()));
        chunk.forEach(id -> args.add(CommandArgs.utf8(id)));
        executeIdempotent(StreamCommands.script(StreamScripts.ACK_DELETE, List.of(channel.key), args));
      }
      config.metrics().acknowledged(channel.name, config.group(), List.copyOf(chunk));
      chunk.forEach(channel.lastErrors::remove);
    }
  }

  /**
   * Settles an entry whose handler threw: reports it, then dead-letters it after its last delivery, or else
   * remembers the error and brings the channel's next retry scan forward to when its backoff ends.
   */
  void failed(ConsumerChannel channel, Delivery delivery, Throwable failure) {
    String id = delivery.entry().id();
    errors.report(channel.name, id, failure);
    String error = describe(failure);
    if (delivery.deliveries() >= config.maxDeliveries()) {
      deadLetter(channel, id, error, delivery.deliveries());
      return;
    }
    channel.lastErrors.put(id, error);
    long due = System.nanoTime() + config.backoffAfter(delivery.deliveries()).toNanos();
    if (channel.nextRetryScan == ConsumerChannel.NEVER || due - channel.nextRetryScan < 0) {
      channel.nextRetryScan = due;
    }
  }

  /** Moves a pending entry to the channel's dead letters and acknowledges it, in one script. */
  void deadLetter(ConsumerChannel channel, String id, String error, long deliveries) {
    executor.execute(StreamCommands.script(StreamScripts.DEAD_LETTER, List.of(channel.key, channel.deadKey), List.of(
        CommandArgs.utf8(config.group()), CommandArgs.utf8(id), CommandArgs.utf8(error),
        CommandArgs.utf8(Long.toString(deliveries)), CommandArgs.utf8(channel.name))));
    channel.lastErrors.remove(id);
    config.metrics().deadLettered(channel.name, config.group(), id);
  }

  /**
   * Runs a command that may safely run twice (acknowledging an entry again changes nothing), retrying a lost
   * connection or a timeout a few times: an acknowledgement lost to a server restart or to a connection that went
   * stale during one would otherwise have the whole batch handled again.
   */
  private void executeIdempotent(Command<?> command) {
    long pauseMillis = ACK_RETRY_PAUSE_MILLIS;
    for (int attempt = 1; ; attempt++) {
      try {
        executor.execute(command);
        return;
      } catch (RecallConnectionException e) {
        if (attempt >= ACK_ATTEMPTS || stop.isRaised()) {
          throw e;
        }
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        pauseMillis *= 2;
      }
    }
  }

  private static String describe(Throwable failure) {
    String text = failure.getClass().getName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    return text.length() > 2000 ? text.substring(0, 2000) : text;
  }
}
