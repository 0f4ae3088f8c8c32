package dev.recall.internal.tracking;

import dev.recall.internal.InterfaceProxy;
import dev.recall.tracking.Tracked;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The handler of a tracking proxy: tracks the methods of one interface on a target under
 * {@code Interface.method} or their {@link Tracked} name; methods not tracked pass straight through. Immutable.
 */
final class TrackingProxy<I> extends InterfaceProxy<I> {
  private final CallRecorder recorder;
  private final boolean count;
  private final boolean history;
  private final Map<Method, Site> sites;

  private TrackingProxy(CallRecorder recorder, Class<I> type, I target, boolean count, boolean history) {
    super(type, target);
    this.recorder = recorder;
    this.count = count;
    this.history = history;
    Map<Method, Site> sites = new HashMap<>();
    for (Method method : markedOrAll(type, Tracked.class)) {
      Tracked tag = method.getAnnotation(Tracked.class);
      String name = tag != null && !tag.value().isBlank() ? tag.value()
          : type.getSimpleName() + "." + method.getName();
      sites.put(method, new Site(name, count, history));
    }
    this.sites = Map.copyOf(sites);
  }

  /**
   * Returns a proxy of {@code type} tracking calls on {@code target}. Put on a tracking proxy of the same recorder
   * and interface, it replaces that proxy with one that does what both do, so one call is still one round trip.
   *
   * @throws IllegalArgumentException when {@code type} is not an interface or the target does not implement it
   */
  static <I> I create(CallRecorder recorder, Class<I> type, I target, boolean count, boolean history) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(target, "target");
    if (!type.isInterface()) {
      throw new IllegalArgumentException("only interfaces can be tracked through a proxy, got class "
          + type.getName());
    }
    if (!type.isInstance(target)) {
      throw new IllegalArgumentException("the target, a " + target.getClass().getName() + ", does not implement "
          + type.getName());
    }
    if (Proxy.isProxyClass(target.getClass())
        && Proxy.getInvocationHandler(target) instanceof TrackingProxy<?> inner
        && inner.recorder == recorder && inner.type() == type) {
      return new TrackingProxy<>(recorder, type, type.cast(inner.target()), count || inner.count,
          history || inner.history).proxy();
    }
    return new TrackingProxy<>(recorder, type, target, count, history).proxy();
  }

  @Override
  protected String label() {
    return "Tracked" + type().getSimpleName();
  }

  @Override
  protected @Nullable Object dispatch(Method method, @Nullable Object[] args) throws Throwable {
    Site site = sites.get(method);
    if (site == null) {
      return invokeTarget(method, args);
    }
    return recorder.record(site, args, () -> invokeTarget(method, args));
  }
}
