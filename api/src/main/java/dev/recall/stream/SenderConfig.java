package dev.recall.stream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link Sender} behaves: the channels registered up front, each with an optional trim, and whether other
 * channels are created on first send (the default) or refused.
 *
 * @param channels the registered channels and their trims ({@link Optional#empty()} for none)
 * @param registeredOnly whether sending to an unregistered channel is refused
 * @param defaultTrim the trim for channels registered without one and for unregistered ones, or {@code null}
 */
public record SenderConfig(Map<String, Optional<Trim>> channels, boolean registeredOnly, @Nullable Trim defaultTrim) {

  /** Copies the map, keeping its order. */
  public SenderConfig {
    channels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(channels));
  }

  /** {@return the default configuration: no registered channels, any channel created on first send, no trim} */
  public static SenderConfig defaults() {
    return builder().build();
  }

  /** {@return a new builder with the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a new builder holding this configuration, to derive a changed copy} */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.channels.putAll(channels);
    builder.registeredOnly = registeredOnly;
    builder.defaultTrim = defaultTrim;
    return builder;
  }

  /**
   * Returns the trim a send to this channel uses when the call names none, or {@code null}.
   *
   * @param channel the channel name
   * @return the channel's registered trim, else {@link #defaultTrim()}
   */
  public @Nullable Trim trimFor(String channel) {
    Optional<Trim> registered = channels.get(channel);
    return registered == null || registered.isEmpty() ? defaultTrim : registered.get();
  }

  /** Builds a {@link SenderConfig}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Optional<Trim>> channels = new LinkedHashMap<>();
    private boolean registeredOnly;
    private @Nullable Trim defaultTrim;

    private Builder() {}

    /**
     * Registers a channel without a trim of its own; it is trimmed with the default trim, if any.
     *
     * @param channel the channel name
     * @return this builder
     * @throws IllegalArgumentException when the name is not a valid channel name
     */
    public Builder channel(String channel) {
      channels.put(StreamNames.channel(channel), Optional.empty());
      return this;
    }

    /**
     * Registers a channel whose sends are trimmed.
     *
     * @param channel the channel name
     * @param trim how each send to the channel trims its stream
     * @return this builder
     * @throws NullPointerException when the trim is null
     * @throws IllegalArgumentException when the name is not a valid channel name
     */
    public Builder channel(String channel, Trim trim) {
      channels.put(StreamNames.channel(channel), Optional.of(Objects.requireNonNull(trim, "trim")));
      return this;
    }

    /**
     * Refuses sends to channels that were not registered (off by default: they are created on first send).
     *
     * @param registeredOnly whether only registered channels may be sent to
     * @return this builder
     */
    public Builder registeredOnly(boolean registeredOnly) {
      this.registeredOnly = registeredOnly;
      return this;
    }

    /**
     * Sets the trim of channels registered without one and of unregistered channels.
     *
     * @param trim the default trim, or {@code null} for none (the default)
     * @return this builder
     */
    public Builder defaultTrim(@Nullable Trim trim) {
      this.defaultTrim = trim;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalStateException when only registered channels are allowed but none is registered
     */
    public SenderConfig build() {
      if (registeredOnly && channels.isEmpty()) {
        throw new IllegalStateException("registeredOnly is set but no channel is registered; add channel(name)");
      }
      return new SenderConfig(channels, registeredOnly, defaultTrim);
    }
  }
}
