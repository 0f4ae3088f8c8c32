package dev.recall.internal.tracking;

import dev.recall.tracking.ThrowingFunction;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A functional object adapted onto the one recording path, {@link CallRecorder#record}. Each adapter implements
 * exactly one functional type, {@code D}, and keeps what it wraps, so a decorator of the same tracker and name can
 * unwrap it and merge instead of stacking a second round trip.
 *
 * @param <D> the functional type adapted
 */
sealed interface TrackedCall<D> {
  /** The tracker's recorder. */
  CallRecorder recorder();

  /** What to do for each call. */
  Site site();

  /** The user's object, called for each call. */
  D delegate();

  /** Makes the adapter of one functional type: each adapter's constructor. */
  @FunctionalInterface
  interface Factory<D> {
    D create(CallRecorder recorder, Site site, D delegate);
  }

  record TrackedFunction<T, R>(CallRecorder recorder, Site site, Function<T, R> delegate)
      implements TrackedCall<Function<T, R>>, Function<T, R> {
    @Override
    @SuppressWarnings("unchecked")
    public R apply(T argument) {
      return (R) recorder.recordUnchecked(site, new Object[] {argument}, () -> delegate.apply(argument));
    }
  }

  record TrackedBiFunction<T, U, R>(CallRecorder recorder, Site site, BiFunction<T, U, R> delegate)
      implements TrackedCall<BiFunction<T, U, R>>, BiFunction<T, U, R> {
    @Override
    @SuppressWarnings("unchecked")
    public R apply(T first, U second) {
      return (R) recorder.recordUnchecked(site, new Object[] {first, second}, () -> delegate.apply(first, second));
    }
  }

  record TrackedSupplier<R>(CallRecorder recorder, Site site, Supplier<R> delegate)
      implements TrackedCall<Supplier<R>>, Supplier<R> {
    @Override
    @SuppressWarnings("unchecked")
    public R get() {
      return (R) recorder.recordUnchecked(site, CallRecorder.NO_ARGS, delegate::get);
    }
  }

  record TrackedRunnable(CallRecorder recorder, Site site, Runnable delegate)
      implements TrackedCall<Runnable>, Runnable {
    @Override
    public void run() {
      recorder.recordUnchecked(site, CallRecorder.NO_ARGS, () -> {
        delegate.run();
        return null;
      });
    }
  }

  record TrackedThrowingFunction<T, R>(CallRecorder recorder, Site site, ThrowingFunction<T, R> delegate)
      implements TrackedCall<ThrowingFunction<T, R>>, ThrowingFunction<T, R> {
    @Override
    @SuppressWarnings("unchecked")
    public R apply(T argument) throws Exception {
      return (R) recorder.recordUnchecked(site, new Object[] {argument}, () -> delegate.apply(argument));
    }
  }
}
