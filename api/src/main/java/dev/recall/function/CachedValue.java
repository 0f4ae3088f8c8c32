package dev.recall.function;

import org.jspecify.annotations.Nullable;

/**
 * A value found in a function cache: present even when the cached value is {@code null}, so a cached {@code null}
 * and a miss stay apart ({@link FunctionEntries#getIfPresent} answers a miss with an empty {@code Optional}).
 *
 * @param value the cached value, {@code null} when a {@code null} result was cached
 * @param <R> the value type
 */
public record CachedValue<R>(@Nullable R value) {}
