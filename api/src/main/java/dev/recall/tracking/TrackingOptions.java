package dev.recall.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recall.codec.Codecs;
import java.util.Objects;

/**
 * How a {@link CallTracker} stores calls: the prefix before every key, the longest history it keeps per name, and
 * the Jackson mapper that encodes arguments and results. Immutable; build with {@link #builder()}.
 *
 * @param prefix prepended to every key (the counter {@code <prefix><name>} and the lists
 *     {@code <prefix><name>:inputs} and {@code <prefix><name>:outputs}, with {@code {<name>}} for {@code <name>} on
 *     a Redis Cluster); empty for the bare layout
 * @param maxHistory the most calls kept per name, oldest trimmed first, inputs and outputs together; 0 keeps all
 * @param mapper encodes each call's arguments (as one JSON array) and its result (as JSON)
 */
public record TrackingOptions(String prefix, long maxHistory, ObjectMapper mapper) {

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException when {@code maxHistory} is negative
   */
  public TrackingOptions {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(mapper, "mapper");
    if (maxHistory < 0) {
      throw new IllegalArgumentException("maxHistory must be 0 (no limit) or positive, got " + maxHistory);
    }
  }

  /** {@return the defaults: no prefix, unbounded history, Recall's default JSON mapper} */
  public static TrackingOptions defaults() {
    return builder().build();
  }

  /** {@return a new builder holding the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a new builder holding these options, to derive a changed copy} */
  public Builder toBuilder() {
    return new Builder().prefix(prefix).maxHistory(maxHistory).mapper(mapper);
  }

  /** Builds {@link TrackingOptions}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private String prefix = "";
    private long maxHistory;
    private ObjectMapper mapper = Codecs.defaultMapper();

    private Builder() {}

    /**
     * Sets the key prefix, such as {@code "calls:"}; empty (the default) keeps the bare layout.
     *
     * @param prefix prepended to every key
     * @return this builder
     * @throws IllegalArgumentException when it contains whitespace or control characters
     * @throws NullPointerException when the prefix is null
     */
    public Builder prefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
        throw new IllegalArgumentException("prefix must not contain whitespace or control characters, got '"
            + prefix + "'");
      }
      this.prefix = prefix;
      return this;
    }

    /**
     * Sets the most calls kept per name; 0 (the default) keeps every call.
     *
     * @param maxHistory the most calls kept per name, the oldest trimmed first; 0 for no limit
     * @return this builder
     * @throws IllegalArgumentException when negative
     */
    public Builder maxHistory(long maxHistory) {
      if (maxHistory < 0) {
        throw new IllegalArgumentException("maxHistory must be 0 (no limit) or positive, got " + maxHistory);
      }
      this.maxHistory = maxHistory;
      return this;
    }

    /**
     * Sets the Jackson mapper for arguments and results; it should not enable default typing.
     *
     * @param mapper encodes each call's arguments and result as JSON
     * @return this builder
     * @throws NullPointerException when the mapper is null
     */
    public Builder mapper(ObjectMapper mapper) {
      this.mapper = Objects.requireNonNull(mapper, "mapper");
      return this;
    }

    /** {@return the options} */
    public TrackingOptions build() {
      return new TrackingOptions(prefix, maxHistory, mapper);
    }
  }
}
