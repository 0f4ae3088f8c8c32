package dev.recall.internal.tracking;

import dev.recall.internal.tracking.TrackedCall.TrackedBiFunction;
import dev.recall.internal.tracking.TrackedCall.TrackedFunction;
import dev.recall.internal.tracking.TrackedCall.TrackedRunnable;
import dev.recall.internal.tracking.TrackedCall.TrackedSupplier;
import dev.recall.internal.tracking.TrackedCall.TrackedThrowingFunction;
import dev.recall.tracking.CallDecorator;
import dev.recall.tracking.ThrowingFunction;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/** The {@link CallDecorator} of one tracked name: each functional type goes through {@link #decorate}. Immutable. */
final class TrackingDecorator implements CallDecorator {
  private final CallRecorder recorder;
  private final Site site;

  TrackingDecorator(CallRecorder recorder, Site site) {
    this.recorder = recorder;
    this.site = site;
  }

  @Override
  public String name() {
    return site.name();
  }

  @Override
  public boolean counts() {
    return site.count();
  }

  @Override
  public boolean records() {
    return site.history();
  }

  @Override
  public <T, R> Function<T, R> function(Function<T, R> function) {
    return decorate(Objects.requireNonNull(function, "function"), TrackedFunction::new);
  }

  @Override
  public <T, U, R> BiFunction<T, U, R> biFunction(BiFunction<T, U, R> function) {
    return decorate(Objects.requireNonNull(function, "function"), TrackedBiFunction::new);
  }

  @Override
  public <R> Supplier<R> supplier(Supplier<R> supplier) {
    return decorate(Objects.requireNonNull(supplier, "supplier"), TrackedSupplier::new);
  }

  @Override
  public Runnable runnable(Runnable runnable) {
    return decorate(Objects.requireNonNull(runnable, "runnable"), TrackedRunnable::new);
  }

  @Override
  public <T, R> ThrowingFunction<T, R> throwing(ThrowingFunction<T, R> function) {
    return decorate(Objects.requireNonNull(function, "function"), TrackedThrowingFunction::new);
  }

  /**
   * The one merge-or-wrap path: an adapter of this tracker under the same name is unwrapped and its site merged
   * with this one, so stacked decorators still record a call in one round trip; anything else is wrapped as is.
   */
  private <D> D decorate(D delegate, TrackedCall.Factory<D> adapter) {
    if (delegate instanceof TrackedCall<?> inner && inner.recorder() == recorder
        && inner.site().name().equals(site.name())) {
      // Each adapter implements one functional type, so an adapter passed as a D wraps a D.
      @SuppressWarnings("unchecked")
      D wrapped = (D) inner.delegate();
      return adapter.create(recorder, site.merge(inner.site()), wrapped);
    }
    return adapter.create(recorder, site, delegate);
  }

  @Override
  public String toString() {
    return "CallDecorator[" + site + "]";
  }
}
