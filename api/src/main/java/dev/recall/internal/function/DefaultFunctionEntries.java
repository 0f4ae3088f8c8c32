package dev.recall.internal.function;

import dev.recall.RecallCodecException;
import dev.recall.RecallException;
import dev.recall.function.CachedValue;
import dev.recall.function.FunctionEntries;
import dev.recall.internal.Futures;
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
  private final FunctionParts parts;
  private final ValueLoader loader;

  DefaultFunctionEntries(Memoizer memoizer) {
    this.memoizer = memoizer;
    this.parts = memoizer.parts();
    this.loader = memoizer.loader();
  }

  @Override
  public String function() {
    return parts.name();
  }

  @Override
  public Optional<CachedValue<R>> getIfPresent(@Nullable Object... args) {
    Objects.requireNonNull(args, "args");
    if (!cacheable(args)) {
      return Optional.empty();
    }
    byte[] field = parts.field(args);
    String key = parts.nearKey(field);
    NearCopy held = parts.nearHit(key);
    if (held != null) {
      return present(held.value());
    }
    NearRead read = parts.beginRead(key);
    Object reply;
    try {
      reply = parts.executor().execute(parts.commands().peek(field));
    } catch (RecallException e) {
      return failed(e);
    }
    return answer(field, reply, read);
  }

  @Override
  public CompletableFuture<Optional<CachedValue<R>>> getIfPresentAsync(@Nullable Object... args) {
    byte[] field;
    try {
      Objects.requireNonNull(args, "args");
      if (!cacheable(args)) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      field = parts.field(args);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    String key = parts.nearKey(field);
    NearCopy held = parts.nearHit(key);
    if (held != null) {
      return CompletableFuture.completedFuture(present(held.value()));
    }
    NearRead read = parts.beginRead(key);
    return parts.executor().executeAsync(parts.commands().peek(field)).handle((reply, error) -> {
      if (error == null) {
        return answer(field, reply, read);
      }
      Throwable cause = Futures.unwrap(error);
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
  private Optional<CachedValue<R>> answer(byte[] field, @Nullable Object raw, @Nullable NearRead read) {
    ReadReply reply;
    try {
      reply = ReadReply.parse(raw);
    } catch (RecallException e) {
      return failed(e);
    }
    if (reply instanceof ReadReply.Hit hit) {
      try {
        return present(parts.hit(hit, read));
      } catch (RecallCodecException e) {
        loader.removeCorrupt(field, e);
      }
    }
    parts.stats().miss(parts.name());
    return Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private Optional<CachedValue<R>> present(@Nullable Object value) {
    return Optional.of(new CachedValue<>((R) value));
  }

  private Optional<CachedValue<R>> failed(RecallException e) {
    parts.stats().error(parts.name(), e);
    if (!parts.config().failOpen()) {
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
    byte[] field = parts.field(args);
    byte[] stored;
    try {
      stored = Envelope.encode(value, parts.codec());
    } catch (RecallCodecException e) {
      parts.stats().error(parts.name(), e);
      if (!parts.config().failOpen()) {
        throw e;
      }
      return;
    }
    loader.store(field, parts.commands().lease(field), value, stored);
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
    return !parts.bypasses(args, null);
  }

  @Override
  public String toString() {
    return "FunctionEntries[" + parts.name() + "]";
  }
}
