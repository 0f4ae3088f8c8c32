package dev.recall;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The non-blocking view of a {@link Cache}: the same operations, each returning a {@link CompletableFuture} that
 * completes with the result or fails with the exception the blocking form throws. With the Lettuce driver no thread
 * waits; with Jedis the call runs on a virtual thread. Futures may complete on the driver's I/O thread, so chain
 * blocking work with the {@code ...Async} methods of {@link CompletableFuture} and an executor of your own.
 */
public interface AsyncCache {

  /** Stores a string; completes with its new key. */
  CompletableFuture<String> store(String value);

  /** Stores a string that expires after {@code ttl}; completes with its new key. */
  CompletableFuture<String> store(String value, Duration ttl);

  /** Stores bytes; completes with their new key. */
  CompletableFuture<String> store(byte[] value);

  /** Stores bytes that expire after {@code ttl}; completes with their new key. */
  CompletableFuture<String> store(byte[] value, Duration ttl);

  /** Stores a number as decimal text; completes with its new key. */
  CompletableFuture<String> store(Number value);

  /** Stores a number that expires after {@code ttl}; completes with its new key. */
  CompletableFuture<String> store(Number value, Duration ttl);

  /** Completes with the raw bytes under a key, or empty. */
  CompletableFuture<Optional<byte[]>> get(String key);

  /** Completes with the converted value, or empty; fails with {@link ValueConversionException}. */
  <T> CompletableFuture<Optional<T>> get(String key, Function<? super byte[], ? extends T> converter);

  /** Completes with the value as text, or empty. */
  CompletableFuture<Optional<String>> getString(String key);

  /** Completes with the value as an {@code int}, or empty. */
  CompletableFuture<Optional<Integer>> getInt(String key);

  /** Completes with the value as a {@code long}, or empty. */
  CompletableFuture<Optional<Long>> getLong(String key);

  /** Completes with the value as a {@code double}, or empty. */
  CompletableFuture<Optional<Double>> getDouble(String key);

  /** Removes a key; completes with whether it existed. */
  CompletableFuture<Boolean> delete(String key);
}
