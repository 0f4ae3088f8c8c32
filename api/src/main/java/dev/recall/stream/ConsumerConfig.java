package dev.recall.stream;

import com.fasterxml.jackson.core.type.TypeReference;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link Consumer} reads: its group and name, its handlers (which also name its channels), and the knobs of
 * reading, retrying, reclaiming and stopping. Immutable; build with {@link #builder(String, String)}.
 *
 * @param group the consumer group, created on each channel when missing
 * @param consumerName this consumer's name within the group; unique per live process
 * @param handlers the handlers, at most one per channel and message name and one per channel for every name
 * @param startId where a newly created group starts: {@code 0} (every entry, the default), {@code $} (only
 *     entries added later) or an entry id
 * @param blockTime how long one read waits for new entries
 * @param batchSize the most entries one read returns per channel
 * @param concurrency the most handlers running at once; 1 handles each channel's messages in order
 * @param maxDeliveries how many deliveries a failing message gets before it is dead-lettered
 * @param retryBackoff the wait before the first retry, doubled for each further one
 * @param maxRetryBackoff the longest wait between retries
 * @param reclaimIdle how long an entry must sit unacknowledged with another consumer before this one claims it
 * @param shutdownTimeout how long {@link Consumer#close()} waits for handlers in flight
 * @param deleteAcknowledged whether entries are deleted as soon as every group has acknowledged them
 * @param errorHandler hears about failures; by default they are logged
 * @param metrics the metrics hooks, {@link StreamMetrics#NONE} by default
 */
public record ConsumerConfig(
    String group,
    String consumerName,
    List<HandlerBinding<?>> handlers,
    String startId,
    Duration blockTime,
    int batchSize,
    int concurrency,
    int maxDeliveries,
    Duration retryBackoff,
    Duration maxRetryBackoff,
    Duration reclaimIdle,
    Duration shutdownTimeout,
    boolean deleteAcknowledged,
    ErrorHandler errorHandler,
    StreamMetrics metrics) {
  private static final Pattern START_ID = Pattern.compile("0|\\$|\\d+-\\d+|\\d+");
  private static final ErrorHandler LOGGING = (channel, entryId, error) ->
      System.getLogger("dev.recall.stream").log(System.Logger.Level.WARNING,
          "stream consumer failure on channel " + channel + (entryId == null ? "" : " entry " + entryId), error);

  /** Copies the handler list. */
  public ConsumerConfig {
    handlers = List.copyOf(handlers);
  }

  /**
   * Returns a builder for a consumer named {@code consumerName} in {@code group}, with the defaults: start id
   * {@code 0}, block 1 s, batches of 100, 16 handlers at once, 5 deliveries, backoff 200 ms doubling up to 30 s,
   * reclaim after 60 s idle, 10 s to shut down.
   *
   * @param group the consumer group, shared by the processes that split the work
   * @param consumerName this consumer's name within the group; unique per live process
   * @return a new builder, which needs at least one handler before {@link Builder#build()}
   * @throws IllegalArgumentException when a name is invalid (see {@link StreamNames})
   */
  public static Builder builder(String group, String consumerName) {
    return new Builder(StreamNames.group(group), StreamNames.consumer(consumerName));
  }

  /** {@return a new builder holding this configuration, to derive a changed copy} */
  public Builder toBuilder() {
    Builder builder = new Builder(group, consumerName);
    builder.handlers.addAll(handlers);
    builder.startId = startId;
    builder.blockTime = blockTime;
    builder.batchSize = batchSize;
    builder.concurrency = concurrency;
    builder.maxDeliveries = maxDeliveries;
    builder.retryBackoff = retryBackoff;
    builder.maxRetryBackoff = maxRetryBackoff;
    builder.reclaimIdle = reclaimIdle;
    builder.shutdownTimeout = shutdownTimeout;
    builder.deleteAcknowledged = deleteAcknowledged;
    builder.errorHandler = errorHandler;
    builder.metrics = metrics;
    return builder;
  }

  /** {@return the channels the handlers name, each once, in the order they were first bound} */
  public List<String> channels() {
    Set<String> channels = new LinkedHashSet<>();
    handlers.forEach(binding -> channels.add(binding.channel()));
    return List.copyOf(channels);
  }

  /**
   * Returns the wait before delivery number {@code deliveries + 1} of a message delivered that many times.
   *
   * @param deliveries how many times the message has been delivered; 1 or less gives the first backoff
   * @return {@link #retryBackoff()} doubled once per delivery after the first, at most {@link #maxRetryBackoff()}
   */
  public Duration backoffAfter(long deliveries) {
    Duration wait = retryBackoff;
    for (long i = 1; i < deliveries && wait.compareTo(maxRetryBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxRetryBackoff) > 0 ? maxRetryBackoff : wait;
  }

  /** Builds a {@link ConsumerConfig}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final String group;
    private final String consumerName;
    private final List<HandlerBinding<?>> handlers = new ArrayList<>();
    private String startId = "0";
    private Duration blockTime = Duration.ofSeconds(1);
    private int batchSize = 100;
    private int concurrency = 16;
    private int maxDeliveries = 5;
    private Duration retryBackoff = Duration.ofMillis(200);
    private Duration maxRetryBackoff = Duration.ofSeconds(30);
    private Duration reclaimIdle = Duration.ofSeconds(60);
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private boolean deleteAcknowledged;
    private ErrorHandler errorHandler = LOGGING;
    private StreamMetrics metrics = StreamMetrics.NONE;

    private Builder(String group, String consumerName) {
      this.group = group;
      this.consumerName = consumerName;
    }

    /**
     * Handles every message of the channel that has no handler for its name, decoding bodies to {@code type}.
     *
     * @param <T> the body type
     * @param channel the channel to read
     * @param type the class the JSON bodies decode to
     * @param handler handles each message
     * @return this builder
     * @throws IllegalArgumentException when the channel is invalid or already has such a handler
     */
    public <T> Builder handler(String channel, Class<T> type, MessageHandler<T> handler) {
      return bind(new HandlerBinding<>(channel, null, type, handler));
    }

    /**
     * Handles the channel's messages named {@code messageName}, decoding bodies to {@code type}.
     *
     * @param <T> the body type
     * @param channel the channel to read
     * @param messageName the message name to handle; not blank
     * @param type the class the JSON bodies decode to
     * @param handler handles each message with that name
     * @return this builder
     * @throws NullPointerException when the message name is null
     * @throws IllegalArgumentException when the channel or name is invalid or already has a handler
     */
    public <T> Builder handler(String channel, String messageName, Class<T> type, MessageHandler<T> handler) {
      return bind(new HandlerBinding<>(channel, Objects.requireNonNull(messageName, "messageName"), type, handler));
    }

    /**
     * Handles the channel's messages named {@code messageName} ({@code null} for every other name), decoding
     * bodies to a generic type such as {@code new TypeReference<List<Order>>() {}}.
     *
     * @param <T> the body type
     * @param channel the channel to read
     * @param messageName the message name to handle, or {@code null} for every name without a handler of its own
     * @param type the generic type the JSON bodies decode to
     * @param handler handles each matching message
     * @return this builder
     * @throws IllegalArgumentException when the channel or name is invalid or already has a handler
     */
    public <T> Builder handler(
        String channel, @Nullable String messageName, TypeReference<T> type, MessageHandler<T> handler) {
      return bind(new HandlerBinding<>(channel, messageName, (Type) type.getType(), handler));
    }

    private Builder bind(HandlerBinding<?> binding) {
      for (HandlerBinding<?> existing : handlers) {
        if (existing.channel().equals(binding.channel())
            && Objects.equals(existing.messageName(), binding.messageName())) {
          throw new IllegalArgumentException("channel '" + binding.channel() + "' already has a handler for "
              + (binding.messageName() == null ? "every message" : "messages named '" + binding.messageName() + "'"));
        }
      }
      handlers.add(binding);
      return this;
    }

    /**
     * Sets where a newly created group starts: {@code "0"}, {@code "$"} or an entry id. Existing groups keep
     * their position.
     *
     * @param startId {@code "0"} for every entry, {@code "$"} for only entries added later, or an entry id such as
     *     {@code "1700000000000-0"}
     * @return this builder
     * @throws IllegalArgumentException when it is none of these
     */
    public Builder startId(String startId) {
      Objects.requireNonNull(startId, "startId");
      if (!START_ID.matcher(startId).matches()) {
        throw new IllegalArgumentException("startId must be 0, $ or an entry id like 1700000000000-0, got '"
            + startId + "'");
      }
      this.startId = startId;
      return this;
    }

    /**
     * Sets how long one read waits for new entries (the connection's timeout is extended by as much).
     *
     * @param blockTime the longest wait of one read; 1 s by default
     * @return this builder
     * @throws IllegalArgumentException when under 1 ms or over 5 minutes
     */
    public Builder blockTime(Duration blockTime) {
      this.blockTime = within("blockTime", blockTime, Duration.ofMillis(1), Duration.ofMinutes(5));
      return this;
    }

    /**
     * Sets the most entries one read returns per channel.
     *
     * @param batchSize the most entries per channel and read; 100 by default
     * @return this builder
     * @throws IllegalArgumentException when not between 1 and 10,000
     */
    public Builder batchSize(int batchSize) {
      this.batchSize = within("batchSize", batchSize, 1, 10_000);
      return this;
    }

    /**
     * Sets the most handlers running at once; 1 handles each channel's messages one at a time, in order.
     *
     * @param concurrency the most handler calls in flight; 16 by default
     * @return this builder
     * @throws IllegalArgumentException when not between 1 and 10,000
     */
    public Builder concurrency(int concurrency) {
      this.concurrency = within("concurrency", concurrency, 1, 10_000);
      return this;
    }

    /**
     * Sets how many deliveries a failing message gets before it is dead-lettered; 1 means no retry.
     *
     * @param maxDeliveries the most deliveries of one message, the first included; 5 by default
     * @return this builder
     * @throws IllegalArgumentException when not between 1 and 1,000
     */
    public Builder maxDeliveries(int maxDeliveries) {
      this.maxDeliveries = within("maxDeliveries", maxDeliveries, 1, 1_000);
      return this;
    }

    /**
     * Sets the wait before the first retry, doubled for each further one, up to {@code max}.
     *
     * @param initial the wait before the first retry, at most 1 hour; 200 ms by default
     * @param max the longest wait between retries, at most 1 hour; 30 s by default
     * @return this builder
     * @throws IllegalArgumentException when {@code initial} is under 1 ms or {@code max} is below it, or either is
     *     over 1 hour
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      Duration first = within("retryBackoff", initial, Duration.ofMillis(1), Duration.ofHours(1));
      Duration last = within("maxRetryBackoff", max, Duration.ofMillis(1), Duration.ofHours(1));
      if (last.compareTo(first) < 0) {
        throw new IllegalArgumentException("maxRetryBackoff " + max + " must not be below retryBackoff " + initial);
      }
      this.retryBackoff = first;
      this.maxRetryBackoff = last;
      return this;
    }

    /**
     * Sets how long an entry must sit unacknowledged with another consumer before this one claims it. Keep it
     * well above your slowest handler, or a slow handler's message is handled twice.
     *
     * @param reclaimIdle the idle time after which a pending entry is claimed; 60 s by default
     * @return this builder
     * @throws IllegalArgumentException when under 10 ms or over 7 days
     */
    public Builder reclaimIdle(Duration reclaimIdle) {
      this.reclaimIdle = within("reclaimIdle", reclaimIdle, Duration.ofMillis(10), Duration.ofDays(7));
      return this;
    }

    /**
     * Sets how long {@link Consumer#close()} waits for handlers in flight.
     *
     * @param shutdownTimeout the wait, zero to not wait; 10 s by default
     * @return this builder
     * @throws IllegalArgumentException when negative or over 1 hour
     */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = within("shutdownTimeout", shutdownTimeout, Duration.ZERO, Duration.ofHours(1));
      return this;
    }

    /**
     * Deletes each entry as soon as every group of its stream has acknowledged it (one Lua script that acknowledges
     * and deletes atomically), instead of waiting for {@link Consumer#cleanUp()}.
     *
     * @param deleteAcknowledged whether to delete entries on acknowledgement; off by default
     * @return this builder
     */
    public Builder deleteAcknowledged(boolean deleteAcknowledged) {
      this.deleteAcknowledged = deleteAcknowledged;
      return this;
    }

    /**
     * Sets who hears about failures; the default logs them through {@link System.Logger}.
     *
     * @param errorHandler hears about every failure
     * @return this builder
     * @throws NullPointerException when the handler is null
     */
    public Builder errorHandler(ErrorHandler errorHandler) {
      this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
      return this;
    }

    /**
     * Sets the metrics hooks.
     *
     * @param metrics the hooks to call; {@link StreamMetrics#NONE} by default
     * @return this builder
     * @throws NullPointerException when the hooks are null
     */
    public Builder metrics(StreamMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalStateException when no handler is bound
     */
    public ConsumerConfig build() {
      if (handlers.isEmpty()) {
        throw new IllegalStateException("consumer '" + consumerName + "' of group '" + group
            + "' has no handler; bind one with handler(channel, type, handler)");
      }
      return new ConsumerConfig(group, consumerName, handlers, startId, blockTime, batchSize, concurrency,
          maxDeliveries, retryBackoff, maxRetryBackoff, reclaimIdle, shutdownTimeout, deleteAcknowledged,
          errorHandler, metrics);
    }

    private static Duration within(String name, Duration value, Duration min, Duration max) {
      Objects.requireNonNull(value, name);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    }

    private static int within(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    }
  }
}
