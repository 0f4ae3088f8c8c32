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

  /** A spec taking the cache's refresh age. */
  public FunctionSpec(String name, Codec<R> codec, @Nullable Predicate<List<@Nullable Object>> condition,
      Set<Integer> ignoredArguments) {
    this(name, codec, condition, ignoredArguments, null);
  }

  /**
   * Returns the refresh age this function uses in {@code cache}: its own, else the cache's.
   *
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

  /** Returns the defaults for a function returning {@code type}, encoded as JSON. */
  public static <R> FunctionSpec<R> of(String name, Class<R> type) {
    return builder(name, type).build();
  }

  /** Starts a spec for a function returning {@code type}, encoded as JSON. */
  public static <R> Builder<R> builder(String name, Class<R> type) {
    return new Builder<>(name, Codecs.json(Objects.requireNonNull(type, "type")));
  }

  /** Starts a spec for a function returning a generic type, such as {@code new TypeReference<List<User>>() {}}. */
  public static <R> Builder<R> builder(String name, TypeReference<R> type) {
    return new Builder<>(name, Codecs.json(Objects.requireNonNull(type, "type")));
  }

  /** Starts a spec whose results go through the given codec. */
  public static <R> Builder<R> builder(String name, Codec<R> codec) {
    return new Builder<>(name, codec);
  }

  /** Returns a builder holding this spec's values. */
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

    /** Sets the codec of the results. */
    public Builder<R> codec(Codec<R> codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /**
     * Caches a call only when the predicate holds for its arguments (in order, ignored ones included); other calls
     * run the function without touching Redis.
     */
    public Builder<R> cacheIf(Predicate<List<@Nullable Object>> condition) {
      this.condition = Objects.requireNonNull(condition, "condition");
      return this;
    }

    /**
     * Leaves the arguments at these zero-based indexes out of the key.
     *
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
     * @throws IllegalArgumentException when it is shorter than 1 ms
     */
    public Builder<R> refreshAfterWrite(Duration age) {
      this.refreshAfterWrite = Settings.atLeastOneMilli("refreshAfterWrite of function '" + name + "'", age);
      return this;
    }

    /** Returns the spec. */
    public FunctionSpec<R> build() {
      return new FunctionSpec<>(name, codec, condition, ignored, refreshAfterWrite);
    }
  }
}
