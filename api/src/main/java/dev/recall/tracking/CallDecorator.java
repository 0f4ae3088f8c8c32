package dev.recall.tracking;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Wraps functions so their calls are counted, recorded, or both, under one name; obtained from
 * {@link CallTracker#countCalls(String)}, {@link CallTracker#callHistory(String)} or
 * {@link CallTracker#trackCalls(String)}. Every form runs through the same recording path: the wrapped function
 * returns and throws exactly what the original does.
 *
 * <p>Decorating a function this tracker already decorated under the same name merges the two (count and history
 * then still reach Redis in one round trip), so {@code countCalls(n).function(callHistory(n).function(f))} equals
 * {@code trackCalls(n).function(f)}. Anything else composes as plain function wrapping, in either order: a memoized
 * function wrapped by a tracker counts every call, a tracked function wrapped by a memoizer counts only misses.
 * Thread-safe.
 */
public interface CallDecorator {

  /** {@return the name calls are tracked under} */
  String name();

  /** {@return whether calls are counted} */
  boolean counts();

  /** {@return whether calls are recorded in the history} */
  boolean records();

  /**
   * Wraps a {@link Function}; its argument is recorded as a one-element argument list.
   *
   * @param <T> the argument type
   * @param <R> the result type
   * @param function the function to track
   * @return a function that tracks each call, then returns or throws what {@code function} does
   */
  <T, R> Function<T, R> function(Function<T, R> function);

  /**
   * Wraps a {@link BiFunction}; its two arguments are recorded in order.
   *
   * @param <T> the first argument's type
   * @param <U> the second argument's type
   * @param <R> the result type
   * @param function the function to track
   * @return a function that tracks each call, then returns or throws what {@code function} does
   */
  <T, U, R> BiFunction<T, U, R> biFunction(BiFunction<T, U, R> function);

  /**
   * Wraps a {@link Supplier}; it is recorded with no arguments.
   *
   * @param <R> the result type
   * @param supplier the supplier to track
   * @return a supplier that tracks each call, then returns or throws what {@code supplier} does
   */
  <R> Supplier<R> supplier(Supplier<R> supplier);

  /**
   * Wraps a {@link Runnable}; it is recorded with no arguments and a {@code null} result.
   *
   * @param runnable the runnable to track
   * @return a runnable that tracks each run and throws what {@code runnable} throws
   */
  Runnable runnable(Runnable runnable);

  /**
   * Wraps a {@link ThrowingFunction}; a checked exception it throws is recorded and reaches the caller unchanged.
   *
   * @param <T> the argument type
   * @param <R> the result type
   * @param function the function to track
   * @return a function that tracks each call, then returns or throws what {@code function} does
   */
  <T, R> ThrowingFunction<T, R> throwing(ThrowingFunction<T, R> function);
}
