package dev.recall;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * A plain key-value cache: {@code store} writes a value under a fresh random UUID key and returns the key; the
 * {@code get} family reads it back, raw or converted. Values are strings (UTF-8), byte arrays, or numbers (their
 * decimal text). A missing key is an empty {@link Optional}; a value that cannot be converted is a
 * {@link ValueConversionException}. Thread-safe; every call is one round trip.
 */
public interface Cache {

  /**
   * Stores a string as UTF-8 under a new random key, without expiry.
   *
   * @param value the text to store
   * @return the new key, a random UUID
   * @throws RecallConnectionException when Redis cannot be reached
   */
  String store(String value);

  /**
   * Stores a string as UTF-8 under a new random key that expires after {@code ttl}.
   *
   * @param value the text to store
   * @param ttl how long the entry lives after it is written; at least 1 ms
   * @return the new key, a random UUID
   */
  String store(String value, Duration ttl);

  /**
   * Stores bytes as they are under a new random key, without expiry.
   *
   * @param value the bytes to store, at most 512 MB
   * @return the new key, a random UUID
   */
  String store(byte[] value);

  /**
   * Stores bytes as they are under a new random key that expires after {@code ttl}.
   *
   * @param value the bytes to store, at most 512 MB
   * @param ttl how long the entry lives after it is written; at least 1 ms
   * @return the new key, a random UUID
   */
  String store(byte[] value, Duration ttl);

  /**
   * Stores a number as its decimal text ({@code 42}, {@code 2.5}) under a new random key, without expiry.
   *
   * @param value the number to store; finite
   * @return the new key, a random UUID
   */
  String store(Number value);

  /**
   * Stores a number as its decimal text under a new random key that expires after {@code ttl}.
   *
   * @param value the number to store; finite
   * @param ttl how long the entry lives after it is written; at least 1 ms
   * @return the new key, a random UUID
   */
  String store(Number value, Duration ttl);

  /**
   * {@return the raw bytes under a key, or empty when there is none}
   *
   * @param key a key that {@code store} returned; not empty
   * @throws RecallConnectionException when Redis cannot be reached
   */
  Optional<byte[]> get(String key);

  /**
   * {@return the value under a key converted by {@code converter}, or empty when there is none}
   *
   * @param <T> the type the converter produces
   * @param key a key that {@code store} returned; not empty
   * @param converter turns the stored bytes into the result; must not return {@code null}
   * @throws ValueConversionException when the converter throws or returns {@code null}; the message names the key
   */
  <T> Optional<T> get(String key, Function<? super byte[], ? extends T> converter);

  /**
   * {@return the value under a key as UTF-8 text, or empty when there is none}
   *
   * @param key a key that {@code store} returned; not empty
   * @throws ValueConversionException when the bytes are not valid UTF-8
   */
  Optional<String> getString(String key);

  /**
   * {@return the value under a key as an {@code int}, or empty when there is none}
   *
   * @param key a key that {@code store} returned; not empty
   * @throws ValueConversionException when it is not a decimal integer in the {@code int} range
   */
  Optional<Integer> getInt(String key);

  /**
   * {@return the value under a key as a {@code long}, or empty when there is none}
   *
   * @param key a key that {@code store} returned; not empty
   * @throws ValueConversionException when it is not a decimal integer in the {@code long} range
   */
  Optional<Long> getLong(String key);

  /**
   * {@return the value under a key as a {@code double}, or empty when there is none}
   *
   * @param key a key that {@code store} returned; not empty
   * @throws ValueConversionException when it is not a decimal number
   */
  Optional<Double> getDouble(String key);

  /**
   * Removes a key and its value.
   *
   * @param key a key that {@code store} returned; not empty
   * @return {@code true} when the key existed, {@code false} when there was nothing to remove
   */
  boolean delete(String key);

  /** {@return the same cache with {@code CompletableFuture} methods that never block the caller} */
  AsyncCache async();
}
