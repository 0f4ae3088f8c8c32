package dev.recall.internal.function;

import dev.recall.RecallCodecException;
import dev.recall.RecallException;
import dev.recall.function.CachedValue;
import dev.recall.function.FunctionEntries;
import dev.recall.spi.Replies;
import java.util.Arrays;
import java.util.List;
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
    Optional<CachedValue<R>> near = nearHit(field);
    if (near != null) {
      return near;
    }
    NearRead read = memoizer.near == null ? null : NearRead.begin(memoizer.near, NearTier.key(field));
    Object reply;
    try {
      reply = memoizer.executor.execute(memoizer.peekCommand(field));
    } catch (RecallException e) {
      return failed(e);
    }
    return answer(field, reply, read);
  }

  /** A near cache's answer, or {@code null} without a near cache or a copy there. */
  @SuppressWarnings("unchecked")
  private @Nullable Optional<CachedValue<R>> nearHit(byte[] field) {
    NearCopy held = memoizer.near == null ? null : memoizer.nearHit(NearTier.key(field));
    return held == null ? null : Optional.of(new CachedValue<>((R) held.value()));
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
    Optional<CachedValue<R>> near = nearHit(field);
    if (near != null) {
      return CompletableFuture.completedFuture(near);
    }
    NearRead read = memoizer.near == null ? null : NearRead.begin(memoizer.near, NearTier.key(field));
    return memoizer.executor.executeAsync(memoizer.peekCommand(field)).handle((reply, error) -> {
      if (error == null) {
        return answer(field, reply, read);
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof RecallException e) {
        return failed(e);
      }
      throw new CompletionException(cause);
    });
  }

  /**
   * Turns the read script's reply into the answer; an unreadable entry is removed and reads as a miss, and so does a
   * stale one (kept for the stale window, it is a miss for every caller).
   */
  @SuppressWarnings("unchecked")
  private Optional<CachedValue<R>> answer(byte[] field, @Nullable Object reply, @Nullable NearRead read) {
    // Only an extended reply says how long the entry stays fresh, which a near copy needs.
    long freshMillis = -1;
    boolean installable = false;
    if (reply instanceof List<?> extended) {
      installable = true;
      reply = Memoizer.kind(extended) == Memoizer.STALE ? null : extended.get(0);
      freshMillis = Replies.longValue(extended.get(2));
    }
    if (reply instanceof byte[] stored) {
      try {
        R value = (R) Envelope.decode(stored, memoizer.codec);
        memoizer.stats.hit(memoizer.name);
        if (read != null && installable) {
          read.install(value, freshMillis);
        }
        return Optional.of(new CachedValue<>(value));
      } catch (RecallCodecException e) {
        removeCorrupt(field, e);
      }
    }
    memoizer.stats.miss(memoizer.name);
    return Optional.empty();
  }

  private void removeCorrupt(byte[] field, RecallCodecException problem) {
    memoizer.dropLocal(field);
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
    byte[] stored;
    try {
      stored = Envelope.encode(value, memoizer.codec);
    } catch (RecallCodecException e) {
      memoizer.stats.error(memoizer.name, e);
      if (!memoizer.config.failOpen()) {
        throw e;
      }
      return;
    }
    memoizer.store(field, memoizer.lease(field), value, stored);
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
