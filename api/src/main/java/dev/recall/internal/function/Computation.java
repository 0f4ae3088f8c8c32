package dev.recall.internal.function;

import org.jspecify.annotations.Nullable;

/** The user's function applied to one call's arguments: what every functional type adapts onto. */
@FunctionalInterface
interface Computation {
  @Nullable Object run() throws Throwable;
}
