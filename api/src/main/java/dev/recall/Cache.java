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
   * Stores a string and returns its new key.
   *
   * @throws RecallConnectionException when Redis cannot be reached
   */
  String store(String value);

  /** Stores a string that expires after {@code ttl} (at least 1 ms) and returns its new key. */
  String store(String value, Duration ttl);

  /** Stores bytes as they are and returns their new key. */
  String store(byte[] value);

  /** Stores bytes that expire after {@code ttl} and returns their new key. */
  String store(byte[] value, Duration ttl);

  /** Stores a number as its decimal text ({@code 42}, {@code 2.5}) and returns its new key. */
  String store(Number value);

  /** Stores a number that expires after {@code ttl} and returns its new key. */
  String store(Number value, Duration ttl);

  /**
   * Returns the raw bytes under a key, or empty when there is none.
   *
   * @throws RecallConnectionException when Redis cannot be reached
   */
  Optional<byte[]> get(String key);

  /**
   * Returns the value under a key converted by {@code converter}, or empty when there is none.
   *
   * @throws ValueConversionException when the converter throws or returns {@code null}; the message names the key
   */
  <T> Optional<T> get(String key, Function<? super byte[], ? extends T> converter);

  /**
   * Returns the value under a key as UTF-8 text, or empty when there is none.
   *
   * @throws ValueConversionException when the bytes are not valid UTF-8
   */
  Optional<String> getString(String key);

  /**
   * Returns the value under a key as an {@code int}, or empty when there is none.
   *
   * @throws ValueConversionException when it is not a decimal integer in the {@code int} range
   */
  Optional<Integer> getInt(String key);

  /**
   * Returns the value under a key as a {@code long}, or empty when there is none.
   *
   * @throws ValueConversionException when it is not a decimal integer in the {@code long} range
   */
  Optional<Long> getLong(String key);

  /**
   * Returns the value under a key as a {@code double}, or empty when there is none.
   *
   * @throws ValueConversionException when it is not a decimal number
   */
  Optional<Double> getDouble(String key);

  /** Removes a key; returns whether it existed. */
  boolean delete(String key);

  /** Returns the same cache with {@code CompletableFuture} methods that never block the caller. */
  AsyncCache async();
}
