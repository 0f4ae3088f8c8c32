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

  /**
   * Stores a string as UTF-8 under a new random key, without expiry.
   *
   * @param value the text to store
   * @return a future that completes with the new key
   */
  CompletableFuture<String> store(String value);

  /**
   * Stores a string as UTF-8 under a new random key that expires after {@code ttl}.
   *
   * @param value the text to store
   * @param ttl how long the entry lives after it is written; at least 1 ms
   * @return a future that completes with the new key
   */
  CompletableFuture<String> store(String value, Duration ttl);

  /**
   * Stores bytes as they are under a new random key, without expiry.
   *
   * @param value the bytes to store, at most 512 MB
   * @return a future that completes with the new key
   */
  CompletableFuture<String> store(byte[] value);

  /**
   * Stores bytes as they are under a new random key that expires after {@code ttl}.
   *
   * @param value the bytes to store, at most 512 MB
   * @param ttl how long the entry lives after it is written; at least 1 ms
   * @return a future that completes with the new key
   */
  CompletableFuture<String> store(byte[] value, Duration ttl);

  /**
   * Stores a number as its decimal text under a new random key, without expiry.
   *
   * @param value the number to store; finite
   * @return a future that completes with the new key
   */
  CompletableFuture<String> store(Number value);

  /**
   * Stores a number as its decimal text under a new random key that expires after {@code ttl}.
   *
   * @param value the number to store; finite
   * @param ttl how long the entry lives after it is written; at least 1 ms
   * @return a future that completes with the new key
   */
  CompletableFuture<String> store(Number value, Duration ttl);

  /**
   * Reads the raw bytes under a key.
   *
   * @param key a key that {@code store} returned; not empty
   * @return a future of the bytes, or of empty when the key does not exist
   */
  CompletableFuture<Optional<byte[]>> get(String key);

  /**
   * Reads the value under a key and converts it; the future fails with {@link ValueConversionException} when the
   * converter throws or returns {@code null}.
   *
   * @param <T> the type the converter produces
   * @param key a key that {@code store} returned; not empty
   * @param converter turns the stored bytes into the result; must not return {@code null}
   * @return a future of the converted value, or of empty when the key does not exist
   */
  <T> CompletableFuture<Optional<T>> get(String key, Function<? super byte[], ? extends T> converter);

  /**
   * Reads the value under a key as UTF-8 text; the future fails with {@link ValueConversionException} when the bytes
   * are not valid UTF-8.
   *
   * @param key a key that {@code store} returned; not empty
   * @return a future of the text, or of empty when the key does not exist
   */
  CompletableFuture<Optional<String>> getString(String key);

  /**
   * Reads the value under a key as an {@code int}; the future fails with {@link ValueConversionException} when it is
   * not a decimal integer in the {@code int} range.
   *
   * @param key a key that {@code store} returned; not empty
   * @return a future of the number, or of empty when the key does not exist
   */
  CompletableFuture<Optional<Integer>> getInt(String key);

  /**
   * Reads the value under a key as a {@code long}; the future fails with {@link ValueConversionException} when it is
   * not a decimal integer in the {@code long} range.
   *
   * @param key a key that {@code store} returned; not empty
   * @return a future of the number, or of empty when the key does not exist
   */
  CompletableFuture<Optional<Long>> getLong(String key);

  /**
   * Reads the value under a key as a {@code double}; the future fails with {@link ValueConversionException} when it
   * is not a decimal number.
   *
   * @param key a key that {@code store} returned; not empty
   * @return a future of the number, or of empty when the key does not exist
   */
  CompletableFuture<Optional<Double>> getDouble(String key);

  /**
   * Removes a key and its value.
   *
   * @param key a key that {@code store} returned; not empty
   * @return a future of {@code true} when the key existed, {@code false} when there was nothing to remove
   */
  CompletableFuture<Boolean> delete(String key);
}
