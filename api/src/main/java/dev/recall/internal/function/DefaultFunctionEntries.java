package dev.recall.internal.function;

import dev.recall.RecallCodecException;
import dev.recall.RecallException;
import dev.recall.function.CachedValue;
import dev.recall.function.FunctionEntries;
import dev.recall.spi.Replies;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@link FunctionEntries} over one {@link Memoizer}: reads and stores through the memoizer's own commands (so keys,
 * policy scripts, TTL, statistics and leases are those of a memoized call), and loads through its core path.
 */
final class DefaultFunctionEntries<R> implements FunctionEntries<R> {
  private final Memoizer memoizer;

  DefaultFunctionEntries(Memoizer memoizer) {
    this.memoizer = memoizer;
  }

  @Override
  public String function() {
    return memoizer.name();
  }

  @Override
  public Optional<CachedValue<R>> getIfPresent(@Nullable Object... args) {
    Objects.requireNonNull(args, "args");
    if (!cacheable(args)) {
      return Optional.empty();
    }
    byte[] field = memoizer.field(args);
    Object reply;
    try {
      reply = memoizer.executor.execute(memoizer.peekCommand(field));
    } catch (RecallException e) {
      return failed(e);
    }
    return answer(field, reply);
  }

  @Override
  public CompletableFuture<Optional<CachedValue<R>>> getIfPresentAsync(@Nullable Object... args) {
    byte[] field;
    try {
      Objects.requireNonNull(args, "args");
      if (!cacheable(args)) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      field = memoizer.field(args);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return memoizer.executor.executeAsync(memoizer.peekCommand(field)).handle((reply, error) -> {
      if (error == null) {
        return answer(field, reply);
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof RecallException e) {
        return failed(e);
      }
      throw new CompletionException(cause);
    });
  }

  /** Turns the read script's reply into the answer; an unreadable entry is removed and reads as a miss. */
  @SuppressWarnings("unchecked")
  private Optional<CachedValue<R>> answer(byte[] field, @Nullable Object reply) {
    if (reply instanceof byte[] stored) {
      try {
        R value = (R) Envelope.decode(stored, memoizer.codec);
        memoizer.stats.hit(memoizer.name);
        return Optional.of(new CachedValue<>(value));
      } catch (RecallCodecException e) {
        removeCorrupt(field, e);
      }
    }
    memoizer.stats.miss(memoizer.name);
    return Optional.empty();
  }

  private void removeCorrupt(byte[] field, RecallCodecException problem) {
    try {
      memoizer.executor.execute(memoizer.removeCommand(field));
      memoizer.stats.corrupt(memoizer.name, "an unreadable entry", problem);
    } catch (RecallException e) {
      memoizer.stats.error(memoizer.name, e);
    }
  }

  private Optional<CachedValue<R>> failed(RecallException e) {
    memoizer.stats.error(memoizer.name, e);
    if (!memoizer.config.failOpen()) {
      throw e;
    }
    return Optional.empty();
  }

  @Override
  public void put(@Nullable R value, @Nullable Object... args) {
    Objects.requireNonNull(args, "args");
    if (!cacheable(args)) {
      return;
    }
    byte[] field = memoizer.field(args);
    try {
      byte[] stored = Envelope.encode(value, memoizer.codec);
      if (!memoizer.storeRegisters) {
        memoizer.executor.execute(memoizer.registerCommand());
      }
      Object evicted = memoizer.executor.execute(memoizer.storeCommand(field, memoizer.lease(field), stored));
      memoizer.stats.store(memoizer.name, Replies.longValue(evicted));
    } catch (RecallException e) {
      memoizer.stats.error(memoizer.name, e);
      if (!memoizer.config.failOpen()) {
        throw e;
      }
    }
  }

  @Override
  public boolean invalidate(@Nullable Object... args) {
    Objects.requireNonNull(args, "args");
    return memoizer.invalidate(args);
  }

  @Override
  @SuppressWarnings("unchecked")
  public @Nullable R get(Callable<? extends @Nullable R> loader, @Nullable Object... args) throws Exception {
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(args, "args");
    try {
      return (R) memoizer.call(args, loader::call);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      // Only a Throwable that is neither (a subclass of Throwable itself) lands here.
      throw new IllegalStateException(t);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletableFuture<@Nullable R> getAsync(Supplier<? extends CompletableFuture<? extends @Nullable R>> loader,
      @Nullable Object... args) {
    try {
      Objects.requireNonNull(loader, "loader");
      Objects.requireNonNull(args, "args");
      return (CompletableFuture<@Nullable R>) (CompletableFuture<?>) memoizer.callAsync(args, loader::get);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private boolean cacheable(@Nullable Object[] args) {
    return memoizer.spec.condition() == null || memoizer.spec.condition().test(Arrays.asList(args));
  }

  @Override
  public String toString() {
    return "FunctionEntries[" + memoizer.name + "]";
  }
}
