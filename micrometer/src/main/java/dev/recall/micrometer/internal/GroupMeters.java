package dev.recall.micrometer.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The meters of one consumer group on one channel, registered together on the group's first event; the handler
 * timers of a message name on its first handling. Thread-safe.
 */
public final class GroupMeters {
  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter delivered;
  private final Counter acknowledged;
  private final Counter retried;
  private final Counter deadLettered;
  private final Counter reclaimed;
  // Per message name: the timer of handlers that returned, then of those that threw.
  private final ConcurrentHashMap<String, Timer[]> handlers = new ConcurrentHashMap<>();
  // Held here so the pending gauge, which Micrometer holds weakly, lives as long as these meters.
  private final PeriodicReading pending;

  /**
   * Registers the group's counters and its pending gauge, which reads {@code pending} at most once per
   * {@code pendingInterval}; {@code tags} include the channel and group tags.
   */
  private GroupMeters(MeterRegistry registry, Tags tags, LongSupplier pending, Duration pendingInterval) {
    this.registry = registry;
    this.tags = tags;
    delivered = counter("recall.stream.delivered", "Entries delivered to this consumer (new, retried or reclaimed)");
    acknowledged = counter("recall.stream.acknowledged", "Entries acknowledged after their handlers returned");
    retried = counter("recall.stream.retried", "Failed entries delivered again");
    deadLettered = counter("recall.stream.dead.lettered", "Entries moved to the dead letters");
    reclaimed = counter("recall.stream.reclaimed", "Entries abandoned by other consumers and claimed by this one");
    this.pending = new PeriodicReading(pending, registry.config().clock(), pendingInterval);
    Gauge.builder("recall.stream.pending", this.pending, PeriodicReading::value).tags(tags)
        .description("Entries the group delivered but did not acknowledge yet (read at most once per "
            + pendingInterval.toSeconds() + " s)")
        .register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).tags(tags).description(description).register(registry);
  }

  /** Counts delivered entries. */
  public void delivered(int count) {
    delivered.increment(count);
  }

  /** Counts acknowledged entries. */
  public void acknowledged(int count) {
    acknowledged.increment(count);
  }

  /** Counts one retried entry. */
  public void retried() {
    retried.increment();
  }

  /** Counts one dead-lettered entry. */
  public void deadLettered() {
    deadLettered.increment();
  }

  /** Counts reclaimed entries. */
  public void reclaimed(int count) {
    reclaimed.increment(count);
  }

  /** Records one handler run of a message name. */
  public void handled(String messageName, Duration latency, boolean success) {
    Timer[] timers = handlers.get(messageName);
    if (timers == null) {
      timers = handlers.computeIfAbsent(messageName, this::register);
    }
    timers[success ? 0 : 1].record(latency);
  }

  private Timer[] register(String messageName) {
    try {
      return new Timer[] {
          handlerTimer(registry, messageName, "success"), handlerTimer(registry, messageName, "failure")};
    } catch (RuntimeException e) {
      Unregistered.refused("stream handler timers of " + messageName + " " + tags, e);
      return new Timer[] {handlerTimer(Unregistered.REGISTRY, messageName, "success"),
          handlerTimer(Unregistered.REGISTRY, messageName, "failure")};
    }
  }

  private Timer handlerTimer(MeterRegistry target, String messageName, String outcome) {
    return Timer.builder("recall.stream.handler").tags(tags).tag("message", messageName).tag("outcome", outcome)
        .description("Time a handler took, by message name and outcome").register(target);
  }

  /**
   * Returns the meters of a group, or no-op meters when {@code registry} refuses them (logged): stream metrics must
   * never throw.
   */
  public static GroupMeters register(MeterRegistry registry, Tags tags, LongSupplier pending,
      Duration pendingInterval) {
    try {
      return new GroupMeters(registry, tags, pending, pendingInterval);
    } catch (RuntimeException e) {
      Unregistered.refused("stream meters " + tags, e);
      return new GroupMeters(Unregistered.REGISTRY, tags, pending, pendingInterval);
    }
  }
}
