package dev.recall.internal.function;

import dev.recall.RecallCodecException;
import dev.recall.RecallException;
import dev.recall.internal.Futures;
import dev.recall.internal.jfr.RecallEvents;
import dev.recall.spi.Replies;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Computes a function's values and stores them, in a blocking and an asynchronous form: each computation timed and
 * counted as a load (also when Redis is down and the call fails open), each store counted, with fail-open, lease
 * release and the near cache's write protocol (see {@link NearWrite}); and removes entries that cannot be read.
 * Thread-safe.
 */
final class ValueLoader {
  private final FunctionParts parts;

  ValueLoader(FunctionParts parts) {
    this.parts = parts;
  }

  /**
   * Computes the value, counts the load, and stores it; a computation's exception comes out unchanged (releasing the
   * lease this caller holds, so that waiters compute at once).
   *
   * @throws RecallException when encoding or storing fails and fail-open is off
   */
  @Nullable Object computeAndStore(byte[] field, byte[] lease, Computation computation, boolean holdsLease)
      throws Throwable {
    Object value;
    try {
      value = load(computation);
    } catch (Throwable t) {
      if (holdsLease) {
        release(lease);
      }
      throw t;
    }
    byte[] stored = encode(value, holdsLease ? lease : null);
    if (stored != null) {
      store(field, lease, value, stored);
    }
    return value;
  }

  /** Runs the computation, timed and counted as a load; its exception comes out unchanged. */
  @Nullable Object load(Computation computation) throws Throwable {
    Object event = RecallEvents.beginLoad();
    long start = System.nanoTime();
    try {
      Object value = computation.run();
      parts.stats().load(parts.name(), System.nanoTime() - start, true, event);
      return value;
    } catch (Throwable t) {
      parts.stats().load(parts.name(), System.nanoTime() - start, false, event);
      throw t;
    }
  }

  /**
   * Stores an encoded value (registering the pair first where the store script cannot) and counts it; with a near
   * cache, this JVM keeps {@code value} as the field's copy once Redis acknowledged it, and no read racing the store
   * is served after it.
   *
   * @throws RecallException when Redis fails and fail-open is off (the failure is counted either way)
   */
  void store(byte[] field, byte[] lease, @Nullable Object value, byte[] stored) {
    PairCommands commands = parts.commands();
    long ttlMillis = commands.ttlMillis();
    NearWrite write = NearWrite.begin(parts.near(), field);
    boolean written = false;
    try {
      if (!commands.storeRegisters()) {
        parts.executor().execute(commands.register());
      }
      Object evicted = parts.executor().execute(commands.store(field, lease, stored, ttlMillis));
      written = true;
      parts.stats().store(parts.name(), Replies.longValue(evicted));
    } catch (RecallException e) {
      failed(e);
    } finally {
      write.end(written, value, commands.freshMillis(ttlMillis));
    }
  }

  /**
   * A call whose cache step failed: counted, then the computation runs (a counted load) when the cache fails open.
   *
   * @throws RecallException {@code e} itself when fail-open is off
   */
  @Nullable Object failOpen(RecallException e, Computation computation) throws Throwable {
    failed(e);
    return load(computation);
  }

  /**
   * The stale value in place of a recomputation's {@code failure}, counted; the failure itself (rethrown) when the
   * stale bytes do not decode.
   */
  @Nullable Object staleInstead(byte[] stale, Throwable failure) throws Throwable {
    Object value;
    try {
      value = Envelope.decode(stale, parts.codec());
    } catch (RecallCodecException e) {
      failure.addSuppressed(e);
      throw failure;
    }
    parts.stats().staleServed(parts.name(), failure);
    return value;
  }

  /** Removes an entry that could not be decoded, and reports it; a failure to remove is only counted. */
  void removeCorrupt(byte[] field, RecallCodecException problem) {
    parts.dropLocal(field);
    try {
      parts.executor().execute(parts.commands().remove(field));
      parts.stats().corrupt(parts.name(), "an unreadable entry", problem);
    } catch (RecallException e) {
      // The store of the recomputed value overwrites it anyway.
      parts.stats().error(parts.name(), e);
    }
  }

  /** {@link #removeCorrupt} as a future that always completes normally, once the removal was answered. */
  CompletableFuture<@Nullable Void> removeCorruptAsync(byte[] field, RecallCodecException problem) {
    parts.dropLocal(field);
    return parts.executor().executeAsync(parts.commands().remove(field))
        .handle((removed, error) -> {
          if (error == null) {
            parts.stats().corrupt(parts.name(), "an unreadable entry", problem);
          } else {
            parts.stats().error(parts.name(), Futures.unwrap(error));
          }
          return null;
        });
  }

  /**
   * The asynchronous {@link #computeAndStore}: the computation's future, timed and counted as a load, then the store;
   * the future has the value unless the computation failed, or storing failed with fail-open off.
   */
  CompletableFuture<@Nullable Object> computeAndStoreAsync(byte[] field, byte[] lease, AsyncComputation computation,
      boolean holdsLease) {
    return loadAsync(computation).handle((value, error) -> {
      if (error != null) {
        if (holdsLease) {
          releaseAsync(lease);
        }
        return CompletableFuture.<@Nullable Object>failedFuture(Futures.unwrap(error));
      }
      return storeAsync(field, lease, value, holdsLease);
    }).thenCompose(future -> future);
  }

  /** Starts the computation, timed and counted as a load when its future completes. */
  CompletableFuture<@Nullable Object> loadAsync(AsyncComputation computation) {
    Object event = RecallEvents.beginLoad();
    long start = System.nanoTime();
    return start(computation).whenComplete((value, error) ->
        parts.stats().load(parts.name(), System.nanoTime() - start, error == null, event));
  }

  private CompletableFuture<@Nullable Object> storeAsync(byte[] field, byte[] lease, @Nullable Object value,
      boolean holdsLease) {
    byte[] stored;
    try {
      stored = encode(value, null);
    } catch (RecallCodecException e) {
      if (holdsLease) {
        releaseAsync(lease);
      }
      return CompletableFuture.failedFuture(e);
    }
    if (stored == null) {
      if (holdsLease) {
        releaseAsync(lease);
      }
      return CompletableFuture.completedFuture(value);
    }
    PairCommands commands = parts.commands();
    long ttlMillis = commands.ttlMillis();
    NearWrite write = NearWrite.begin(parts.near(), field);
    CompletableFuture<?> registered = commands.storeRegisters()
        ? CompletableFuture.completedFuture(null)
        : parts.executor().executeAsync(commands.register());
    return registered
        .thenCompose(done -> parts.executor().executeAsync(commands.store(field, lease, stored, ttlMillis)))
        .handle((evicted, error) -> {
          write.end(error == null, value, commands.freshMillis(ttlMillis));
          if (error == null) {
            parts.stats().store(parts.name(), Replies.longValue(evicted));
            return CompletableFuture.completedFuture(value);
          }
          Throwable cause = Futures.unwrap(error);
          parts.stats().error(parts.name(), cause);
          return parts.config().failOpen() ? CompletableFuture.completedFuture(value)
              : CompletableFuture.<@Nullable Object>failedFuture(cause);
        })
        .thenCompose(future -> future);
  }

  /** The asynchronous {@link #failOpen}: a failed future when fail-open is off. */
  CompletableFuture<@Nullable Object> failOpenAsync(RecallException e, AsyncComputation computation) {
    parts.stats().error(parts.name(), e);
    return parts.config().failOpen() ? loadAsync(computation) : CompletableFuture.failedFuture(e);
  }

  /**
   * Starts the computation; whatever it throws, and a null future, become a failed future, so the caller sees
   * every failure the same way.
   */
  @SuppressWarnings("unchecked")
  CompletableFuture<@Nullable Object> start(AsyncComputation computation) {
    CompletableFuture<?> started;
    try {
      started = computation.start();
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
    if (started == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException("the function '" + parts.name() + "' returned a null future"));
    }
    return (CompletableFuture<@Nullable Object>) started;
  }

  /**
   * The value's stored bytes, or {@code null} when it cannot be encoded and the cache fails open (counted; the lease
   * given is released).
   *
   * @throws RecallCodecException when it cannot be encoded and fail-open is off
   */
  private byte @Nullable [] encode(@Nullable Object value, byte @Nullable [] heldLease) {
    try {
      return Envelope.encode(value, parts.codec());
    } catch (RecallCodecException e) {
      if (heldLease != null) {
        release(heldLease);
      }
      failed(e);
      return null;
    }
  }

  /** Counts a failure of the cache; rethrows it when fail-open is off. */
  private void failed(RecallException e) {
    parts.stats().error(parts.name(), e);
    if (!parts.config().failOpen()) {
      throw e;
    }
  }

  /** Releases this JVM's lease; a failure is only counted, as the lease lapses by itself and waiters then compute. */
  private void release(byte[] lease) {
    try {
      parts.executor().execute(parts.commands().release(lease));
    } catch (RecallException e) {
      parts.stats().error(parts.name(), e);
    }
  }

  private void releaseAsync(byte[] lease) {
    parts.executor().executeAsync(parts.commands().release(lease))
        .whenComplete((released, error) -> {
          if (error != null) {
            parts.stats().error(parts.name(), Futures.unwrap(error));
          }
        });
  }
}
