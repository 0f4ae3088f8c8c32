package dev.recall.micrometer;

import dev.recall.micrometer.internal.GroupMeters;
import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.StreamMetrics;
import dev.recall.stream.Streams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A consumer's {@link StreamMetrics} as Micrometer meters, given to it through
 * {@link ConsumerConfig.Builder#metrics}:
 *
 * <pre>{@code
 * ConsumerConfig config = ConsumerConfig.builder("billing", "worker-1")
 *     .metrics(RecallStreamMetrics.of(registry, client.streams()))
 *     .handler("orders", Order.class, this::bill).build();
 * }</pre>
 *
 * <p>Counters {@code recall.stream.delivered}, {@code recall.stream.acknowledged}, {@code recall.stream.retried},
 * {@code recall.stream.dead.lettered} and {@code recall.stream.reclaimed}, and the gauge
 * {@code recall.stream.pending} (the group's delivered but unacknowledged entries, a round trip, so read at most
 * once per {@link #PENDING_READ_INTERVAL}), each tagged {@code channel} and {@code group}; the timer
 * {@code recall.stream.handler} tagged also {@code message} (the message name) and {@code outcome}
 * ({@code success|failure}); plus the given tags. A group's meters appear with its first event. One instance may
 * serve several consumers; Thread-safe.
 */
public final class RecallStreamMetrics implements StreamMetrics {
  /** How long the {@code recall.stream.pending} gauge keeps a value read from Redis before reading it again. */
  public static final Duration PENDING_READ_INTERVAL = Duration.ofSeconds(5);

  private final MeterRegistry registry;
  private final Streams streams;
  private final Tags tags;
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, GroupMeters>> channels =
      new ConcurrentHashMap<>();

  private RecallStreamMetrics(MeterRegistry registry, Streams streams, Tags tags) {
    this.registry = registry;
    this.streams = streams;
    this.tags = tags;
  }

  /**
   * Returns metrics that register their meters in {@code registry} and read the pending counts through
   * {@code streams}; {@code tags} are key/value pairs added to every meter.
   *
   * @param registry the registry the meters are registered in
   * @param streams the streams the {@code recall.stream.pending} gauge reads a group's pending count from
   * @param tags alternating tag keys and values, none null
   * @return new metrics, to give to one or more consumers' configurations
   * @throws IllegalArgumentException when the tags are not pairs
   * @throws NullPointerException when an argument is null
   */
  public static RecallStreamMetrics of(MeterRegistry registry, Streams streams, String... tags) {
    return of(registry, streams, Tags.of(tags));
  }

  /**
   * Returns metrics that register their meters in {@code registry} and read the pending counts through
   * {@code streams}, with {@code tags} added to every meter.
   *
   * @param registry the registry the meters are registered in
   * @param streams the streams the {@code recall.stream.pending} gauge reads a group's pending count from
   * @param tags tags added to every meter, beside {@code channel} and {@code group}
   * @return new metrics, to give to one or more consumers' configurations
   * @throws NullPointerException when an argument is null
   */
  public static RecallStreamMetrics of(MeterRegistry registry, Streams streams, Iterable<Tag> tags) {
    return new RecallStreamMetrics(Objects.requireNonNull(registry, "registry"),
        Objects.requireNonNull(streams, "streams"), Tags.of(Objects.requireNonNull(tags, "tags")));
  }

  private GroupMeters meters(String channel, String group) {
    ConcurrentHashMap<String, GroupMeters> groups = channels.get(channel);
    if (groups == null) {
      groups = channels.computeIfAbsent(channel, c -> new ConcurrentHashMap<>());
    }
    GroupMeters meters = groups.get(group);
    return meters != null ? meters : groups.computeIfAbsent(group, g -> GroupMeters.register(registry,
        tags.and("channel", channel, "group", g), () -> streams.pending(channel, g), PENDING_READ_INTERVAL));
  }

  @Override
  public void delivered(String channel, String group, int count) {
    meters(channel, group).delivered(count);
  }

  @Override
  public void acknowledged(String channel, String group, List<String> entryIds) {
    meters(channel, group).acknowledged(entryIds.size());
  }

  @Override
  public void retried(String channel, String group, String entryId) {
    meters(channel, group).retried();
  }

  @Override
  public void deadLettered(String channel, String group, String entryId) {
    meters(channel, group).deadLettered();
  }

  @Override
  public void reclaimed(String channel, String group, int count) {
    meters(channel, group).reclaimed(count);
  }

  @Override
  public void handlerLatency(String channel, String group, String messageName, Duration latency, boolean success) {
    meters(channel, group).handled(messageName, latency, success);
  }
}
