package dev.recall.streams.internal;

import dev.recall.RecallCommandException;
import dev.recall.spi.CommandExecutor;
import dev.recall.stream.ConsumerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Where a consumer's entries come from: per channel, a cycle of delivering again its own failed entries whose
 * backoff has passed ({@code XPENDING}, {@code XCLAIM}), reclaiming entries other consumers abandoned
 * ({@code XAUTOCLAIM}), then reading new ones ({@code XREADGROUP}); each batch goes to the {@link BatchDispatcher}.
 * Entries delivered the maximum number of times go to the dead letters instead.
 */
final class ChannelReader {
  private final CommandExecutor executor;
  private final ConsumerConfig config;
  private final StopSignal stop;
  private final BatchDispatcher dispatcher;
  private final Settlement settlement;
  private final ErrorReporter errors;

  ChannelReader(CommandExecutor executor, ConsumerConfig config, StopSignal stop, BatchDispatcher dispatcher,
      Settlement settlement, ErrorReporter errors) {
    this.executor = executor;
    this.config = config;
    this.stop = stop;
    this.dispatcher = dispatcher;
    this.settlement = settlement;
    this.errors = errors;
  }

  /**
   * Runs cycles on a channel until the stop signal. A failure is reported and followed by a pause that doubles
   * up to 2 s while Redis stays unreachable; a lost group (a restart without persistence) is created again.
   */
  void readUntilStopped(ConsumerChannel channel) {
    long pauseMillis = 50;
    while (!stop.isRaised()) {
      try {
        cycle(channel, blockFor(channel));
        pauseMillis = 50;
      } catch (Throwable e) {
        if (stop.isRaised()) {
          break;
        }
        if (e instanceof RecallCommandException command && "NOGROUP".equals(command.errorCode())) {
          channel.groupReady = false;
        }
        errors.report(channel.name, null, e);
        try {
          if (stop.await(pauseMillis)) { // wakes at once on stop
            break;
          }
        } catch (InterruptedException interrupted) {
          break;
        }
        pauseMillis = Math.min(pauseMillis * 2, 2000);
      }
    }
  }

  /** One cycle on a channel: returns how many entries went to handlers or to the dead letters. */
  int cycle(ConsumerChannel channel, Duration block) {
    if (!channel.groupReady) {
      ensureGroup(channel);
    }
    int handled = 0;
    long now = System.nanoTime();
    if (now - channel.nextRetryScan >= 0 && channel.nextRetryScan != ConsumerChannel.NEVER) {
      handled += retryOwnFailures(channel);
    }
    if (now - channel.nextReclaim >= 0) {
      handled += reclaim(channel);
    }
    if (stop.isRaised()) {
      return handled;
    }
    return handled + dispatcher.dispatch(channel, read(channel, block));
  }

  /** How long a read may block: the block time, or less when a retry scan or a reclaim is due sooner. */
  private Duration blockFor(ConsumerChannel channel) {
    long now = System.nanoTime();
    long until = Math.min(channel.nextRetryScan, channel.nextReclaim);
    long wait = until == ConsumerChannel.NEVER
        ? config.blockTime().toNanos() : Math.min(config.blockTime().toNanos(), until - now);
    return Duration.ofNanos(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1)));
  }

  private void ensureGroup(ConsumerChannel channel) {
    try {
      executor.execute(StreamCommands.xgroupCreate(channel.key, config.group(), config.startId(), true));
    } catch (RecallCommandException e) {
      if (!"BUSYGROUP".equals(e.errorCode())) {
        throw e;
      }
    }
    channel.groupReady = true;
  }

  private List<Delivery> read(ConsumerChannel channel, Duration block) {
    List<Delivery> batch = new ArrayList<>();
    for (StreamEntry entry : executor.execute(StreamCommands.xreadgroup(config.group(), config.consumerName(),
        config.batchSize(), block, Map.of(channel.key, ">")))) {
      batch.add(new Delivery(entry, 1));
    }
    return batch;
  }

  /**
   * Delivers again this consumer's failed entries whose backoff has passed, and dead-letters those delivered the
   * maximum number of times (left so by a crash during their last delivery).
   */
  private int retryOwnFailures(ConsumerChannel channel) {
    List<PendingEntry> own = executor.execute(StreamCommands.xpending(channel.key, config.group(), null, "-", "+",
        config.batchSize(), config.consumerName()));
    long now = System.nanoTime();
    long next = ConsumerChannel.NEVER;
    int handled = 0;
    List<String> due = new ArrayList<>();
    Map<String, Long> deliveries = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (PendingEntry entry : own) {
      seen.add(entry.id());
      if (entry.deliveries() >= config.maxDeliveries()) {
        settlement.deadLetter(channel, entry.id(), channel.errorOf(entry.id(), entry.deliveries()),
            entry.deliveries());
        handled++;
        continue;
      }
      long waitMillis = config.backoffAfter(entry.deliveries()).toMillis() - entry.idleMillis();
      if (waitMillis <= 0) {
        due.add(entry.id());
        deliveries.put(entry.id(), entry.deliveries());
      } else {
        next = Math.min(next, now + TimeUnit.MILLISECONDS.toNanos(waitMillis));
      }
    }
    if (own.size() < config.batchSize()) {
      channel.lastErrors.keySet().retainAll(seen); // the rest were reclaimed by others or acknowledged
    } else {
      next = Math.min(next, now + config.retryBackoff().toNanos());
    }
    channel.nextRetryScan = next;
    if (due.isEmpty()) {
      return handled;
    }
    // The minimum idle keeps us from taking back an entry another consumer has just claimed.
    List<StreamEntry> claimed = executor.execute(StreamCommands.xclaim(channel.key, config.group(),
        config.consumerName(), config.retryBackoff(), due));
    List<Delivery> batch = new ArrayList<>(claimed.size());
    for (StreamEntry entry : claimed) {
      config.metrics().retried(channel.name, config.group(), entry.id());
      batch.add(new Delivery(entry, deliveries.getOrDefault(entry.id(), 1L) + 1));
    }
    return handled + dispatcher.dispatch(channel, batch);
  }

  /** Claims entries other consumers left idle past the reclaim threshold, a page per cycle. */
  private int reclaim(ConsumerChannel channel) {
    AutoClaimPage page = executor.execute(StreamCommands.xautoclaim(channel.key, config.group(),
        config.consumerName(), config.reclaimIdle(), channel.reclaimCursor, config.batchSize()));
    long now = System.nanoTime();
    channel.reclaimCursor = page.nextId();
    channel.nextReclaim = page.nextId().equals("0-0")
        ? now + Math.max(config.reclaimIdle().toNanos() / 2, TimeUnit.MILLISECONDS.toNanos(10)) : now;
    List<StreamEntry> entries = page.entries();
    if (entries.isEmpty()) {
      return 0;
    }
    config.metrics().reclaimed(channel.name, config.group(), entries.size());
    Map<String, Long> counts = new HashMap<>();
    for (PendingEntry pending : executor.execute(StreamCommands.xpending(channel.key, config.group(), null,
        entries.get(0).id(), entries.get(entries.size() - 1).id(), entries.size() + config.batchSize(),
        config.consumerName()))) {
      counts.put(pending.id(), pending.deliveries());
    }
    int handled = 0;
    List<Delivery> batch = new ArrayList<>(entries.size());
    for (StreamEntry entry : entries) {
      long deliveries = counts.getOrDefault(entry.id(), 2L); // claimed, so delivered at least twice
      if (deliveries > config.maxDeliveries()) {
        settlement.deadLetter(channel, entry.id(), channel.errorOf(entry.id(), deliveries - 1), deliveries - 1);
        handled++;
      } else {
        batch.add(new Delivery(entry, deliveries));
      }
    }
    return handled + dispatcher.dispatch(channel, batch);
  }
}
