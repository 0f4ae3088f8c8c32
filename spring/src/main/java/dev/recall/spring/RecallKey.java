package dev.recall.spring;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A cache key made of a method's parameters, as {@link RecallKeyGenerator} generates it: a Recall cache hashes it
 * as the arguments of a memoized call with those parameters, so {@code find(7)} cached through Spring and a
 * function memoized under the cache's name hit the same entry. Any other key object (a SpEL key such as
 * {@code #id}) is hashed as the single argument it is, which is the same as the generated key of a method with that
 * one parameter.
 *
 * @param params the parameters, in order (copied)
 */
public record RecallKey(@Nullable Object[] params) {

  /** The key of a method without parameters. */
  public static final RecallKey EMPTY = new RecallKey(new Object[0]);

  /** Copies the parameters. */
  public RecallKey {
    params = Objects.requireNonNull(params, "params").clone();
  }

  /**
   * {@return the key of these parameters; {@link #EMPTY} when there are none}
   *
   * @param params a method's parameters, in order (copied)
   */
  public static RecallKey of(@Nullable Object... params) {
    return params.length == 0 ? EMPTY : new RecallKey(params);
  }

  /** {@return a copy of the parameters} */
  @Override
  public @Nullable Object[] params() {
    return params.clone();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof RecallKey that && Arrays.equals(params, that.params);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(params);
  }

  @Override
  public String toString() {
    return "RecallKey" + Arrays.toString(params);
  }
}
