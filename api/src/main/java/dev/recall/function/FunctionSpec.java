package dev.recall.function;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.recall.codec.Codec;
import dev.recall.codec.Codecs;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * How one function is memoized: its name in the cache, the codec of its results, when to cache and which arguments
 * to leave out of the key. Immutable; build with {@link #builder(String, Class)} or take the defaults with
 * {@link #of(String, Class)}.
 *
 * @param name the function's name, part of every key: stable across JVMs and restarts, unlike a lambda's class
 * @param codec encodes results; JSON typed by the declared result type by default
 * @param condition caches a call only when this holds for its arguments, or {@code null} to cache every call
 * @param ignoredArguments zero-based indexes of arguments left out of the key
 * @param refreshAfterWrite this function's refresh age, in place of the cache's
 *     {@link FunctionCacheConfig#refreshAfterWrite()}, or {@code null} to take the cache's
 * @param <R> the result type
 */
public record FunctionSpec<R>(
    String name, Codec<R> codec, @Nullable Predicate<List<@Nullable Object>> condition, Set<Integer> ignoredArguments,
    @Nullable Duration refreshAfterWrite) {

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException when the name is blank or too long, or the refresh age is under 1 ms
   */
  public FunctionSpec {
    name = checkName(name);
    Objects.requireNonNull(codec, "codec");
    ignoredArguments = Set.copyOf(ignoredArguments);
    if (refreshAfterWrite != null) {
      Settings.atLeastOneMilli("refreshAfterWrite of function '" + name + "'", refreshAfterWrite);
    }
  }

  /**
   * Creates a spec that takes the cache's refresh age.
   *
   * @param name the function's name, part of every key; not blank, at most 64 KiB of UTF-8
   * @param codec encodes and decodes the results
   * @param condition caches a call only when this holds for its arguments, or {@code null} to cache every call
   * @param ignoredArguments zero-based indexes of arguments left out of the key; copied
   * @throws IllegalArgumentException when the name is blank or too long
   */
  public FunctionSpec(String name, Codec<R> codec, @Nullable Predicate<List<@Nullable Object>> condition,
      Set<Integer> ignoredArguments) {
    this(name, codec, condition, ignoredArguments, null);
  }

  /**
   * Returns the refresh age this function uses in {@code cache}: its own, else the cache's.
   *
   * @param cache the config of the cache the function is memoized in
   * @return the age after which a read refreshes an entry, or {@code null} for no refresh
   * @throws IllegalArgumentException when its own age is not shorter than the cache's TTL
   */
  public @Nullable Duration refreshAfterWrite(FunctionCacheConfig cache) {
    Objects.requireNonNull(cache, "cache");
    if (refreshAfterWrite == null) {
      return cache.refreshAfterWrite();
    }
    FunctionCacheConfig.checkRefreshAge("refreshAfterWrite of function '" + name + "'", refreshAfterWrite,
        cache.ttl(), cache.name());
    return refreshAfterWrite;
  }

  /**
   * {@return the defaults for a function returning {@code type}, encoded as JSON} Every call is cached, with every
   * argument in the key, and the refresh age is the cache's.
   *
   * @param <R> the result type
   * @param name the function's name, part of every key; not blank, at most 64 KiB of UTF-8
   * @param type the class of the results
   * @throws IllegalArgumentException when the name is blank or too long
   */
  public static <R> FunctionSpec<R> of(String name, Class<R> type) {
    return builder(name, type).build();
  }

  /**
   * {@return a new builder for a function returning {@code type}, encoded as JSON}
   *
   * @param <R> the result type
   * @param name the function's name, part of every key; not blank, at most 64 KiB of UTF-8
   * @param type the class of the results
   * @throws IllegalArgumentException when the name is blank or too long
   */
  public static <R> Builder<R> builder(String name, Class<R> type) {
    return new Builder<>(name, Codecs.json(Objects.requireNonNull(type, "type")));
  }

  /**
   * {@return a new builder for a function returning a generic type, encoded as JSON}
   *
   * @param <R> the result type
   * @param name the function's name, part of every key; not blank, at most 64 KiB of UTF-8
   * @param type the full result type, such as {@code new TypeReference<List<User>>() {}}
   * @throws IllegalArgumentException when the name is blank or too long
   */
  public static <R> Builder<R> builder(String name, TypeReference<R> type) {
    return new Builder<>(name, Codecs.json(Objects.requireNonNull(type, "type")));
  }

  /**
   * {@return a new builder for a function whose results go through the given codec}
   *
   * @param <R> the result type
   * @param name the function's name, part of every key; not blank, at most 64 KiB of UTF-8
   * @param codec encodes and decodes the results
   * @throws IllegalArgumentException when the name is blank or too long
   */
  public static <R> Builder<R> builder(String name, Codec<R> codec) {
    return new Builder<>(name, codec);
  }

  /** {@return a new builder holding this spec's values} */
  public Builder<R> toBuilder() {
    Builder<R> builder = new Builder<>(name, codec);
    builder.condition = condition;
    builder.ignored = new TreeSet<>(ignoredArguments);
    builder.refreshAfterWrite = refreshAfterWrite;
    return builder;
  }

  static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("function name must not be blank, got '" + name + "'");
    }
    return Settings.withinKeyLimit("function name", name);
  }

  /**
   * Builds a {@link FunctionSpec}; each setter checks its value at once.
   *
   * @param <R> the result type
   */
  public static final class Builder<R> {
    private final String name;
    private Codec<R> codec;
    private @Nullable Predicate<List<@Nullable Object>> condition;
    private TreeSet<Integer> ignored = new TreeSet<>();
    private @Nullable Duration refreshAfterWrite;

    private Builder(String name, Codec<R> codec) {
      this.name = checkName(name);
      this.codec = Objects.requireNonNull(codec, "codec");
    }

    /**
     * Sets the codec of the results, in place of the JSON codec or the one given to {@code builder}.
     *
     * @param codec encodes and decodes the results
     * @return this builder
     */
    public Builder<R> codec(Codec<R> codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /**
     * Caches a call only when the predicate holds for its arguments (in order, ignored ones included); other calls
     * run the function without touching Redis.
     *
     * @param condition tests the call's arguments; replaces an earlier condition
     * @return this builder
     */
    public Builder<R> cacheIf(Predicate<List<@Nullable Object>> condition) {
      this.condition = Objects.requireNonNull(condition, "condition");
      return this;
    }

    /**
     * Leaves the arguments at these zero-based indexes out of the key.
     *
     * @param indexes the indexes, added to those of earlier calls
     * @return this builder
     * @throws IllegalArgumentException when an index is negative
     */
    public Builder<R> ignoreArguments(int... indexes) {
      for (int index : indexes) {
        if (index < 0) {
          throw new IllegalArgumentException(
              "argument indexes start at 0, got " + index + " in " + Arrays.toString(indexes));
        }
        ignored.add(index);
      }
      return this;
    }

    /**
     * Refreshes this function's entries once they are this old, in place of the cache's
     * {@link FunctionCacheConfig.Builder#refreshAfterWrite refresh age}; memoizing checks it against the cache's TTL.
     *
     * @param age how old an entry may get before a read refreshes it; at least 1 ms
     * @return this builder
     * @throws IllegalArgumentException when it is shorter than 1 ms
     */
    public Builder<R> refreshAfterWrite(Duration age) {
      this.refreshAfterWrite = Settings.atLeastOneMilli("refreshAfterWrite of function '" + name + "'", age);
      return this;
    }

    /** {@return a new spec with this builder's values} */
    public FunctionSpec<R> build() {
      return new FunctionSpec<>(name, codec, condition, ignored, refreshAfterWrite);
    }
  }
}
