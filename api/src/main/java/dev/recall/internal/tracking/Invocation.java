package dev.recall.internal.tracking;

import org.jspecify.annotations.Nullable;

/** The body of a tracked call: what every functional type and proxy method adapts onto. */
@FunctionalInterface
interface Invocation {
  @Nullable Object call() throws Throwable;
}
