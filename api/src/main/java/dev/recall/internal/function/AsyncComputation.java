package dev.recall.internal.function;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** The user's asynchronous function applied to one call's arguments: what every async functional type adapts onto. */
@FunctionalInterface
interface AsyncComputation {
  @Nullable CompletableFuture<?> start() throws Throwable;
}
