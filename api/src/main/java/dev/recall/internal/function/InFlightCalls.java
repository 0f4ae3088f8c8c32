package dev.recall.internal.function;

import dev.recall.internal.ByteKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The calls of one function that are computing in this JVM now, by entry field: single flight. Every
 * {@link Memoizer} of one function name shares one, so two {@code memoize} calls with the same name still compute
 * a key once. Thread-safe.
 */
final class InFlightCalls {
  private final ConcurrentHashMap<ByteKey, CompletableFuture<@Nullable Object>> calls = new ConcurrentHashMap<>();

  /** Registers {@code mine} for the field and returns {@code null}, or returns the call already computing it. */
  @Nullable CompletableFuture<@Nullable Object> join(byte[] field, CompletableFuture<@Nullable Object> mine) {
    return calls.putIfAbsent(new ByteKey(field), mine);
  }

  /** Ends {@code mine}'s registration for the field, if it is still the one registered. */
  void leave(byte[] field, CompletableFuture<@Nullable Object> mine) {
    calls.remove(new ByteKey(field), mine);
  }
}
