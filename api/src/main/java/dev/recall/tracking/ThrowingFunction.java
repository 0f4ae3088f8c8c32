package dev.recall.tracking;

/**
 * A function that may throw a checked exception, for decorating code such as I/O that
 * {@link java.util.function.Function} cannot hold.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface ThrowingFunction<T, R> {

  /**
   * Applies the function.
   *
   * @param argument the function's argument
   * @return the function's result
   * @throws Exception whatever the function throws
   */
  R apply(T argument) throws Exception;
}
