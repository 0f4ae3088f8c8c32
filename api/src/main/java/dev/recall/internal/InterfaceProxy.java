package dev.recall.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The part of every Recall interface proxy that does not depend on the feature: {@code equals} and
 * {@code hashCode} by identity, a {@code toString} that names the target, calls passed on to the target with its
 * own exceptions unwrapped, and the choice of methods by a marker annotation. A feature says in
 * {@link #dispatch} what happens to the other calls. Thread-safe when the subclass is; immutable here.
 *
 * @param <I> the proxied interface
 */
public abstract class InterfaceProxy<I> implements InvocationHandler {
  private static final Object[] NO_ARGS = {};

  private final Class<I> type;
  private final I target;
  private final Map<Method, Method> callable;

  /**
   * Creates the handler for a proxy of {@code type} in front of {@code target}; the caller has checked both.
   *
   * @param type the proxied interface
   * @param target the object that receives the calls the feature passes on
   */
  protected InterfaceProxy(Class<I> type, I target) {
    this.type = type;
    this.target = target;
    Map<Method, Method> callable = new HashMap<>();
    for (Method method : type.getMethods()) {
      callable.put(method, accessible(method));
    }
    this.callable = Map.copyOf(callable);
  }

  /**
   * Returns the methods of {@code type} carrying {@code mark}, or all of them when none does: marking one method
   * says that only the marked ones are meant.
   *
   * @param type the proxied interface
   * @param mark the feature's marker annotation
   * @return the chosen methods, in {@link Class#getMethods()} order
   */
  protected static List<Method> markedOrAll(Class<?> type, Class<? extends Annotation> mark) {
    List<Method> methods = Arrays.asList(type.getMethods());
    List<Method> marked = methods.stream().filter(m -> m.isAnnotationPresent(mark)).toList();
    return marked.isEmpty() ? methods : marked;
  }

  /** Set once here instead of on every call; even when a module does not open the interface, public ones work. */
  private static Method accessible(Method method) {
    try {
      method.setAccessible(true);
    } catch (RuntimeException e) {
      // Left as it is: a public interface in an exported package needs no override.
    }
    return method;
  }

  /**
   * Returns a new proxy of the interface whose calls all come to this handler.
   *
   * @return the proxy
   */
  public final I proxy() {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, this));
  }

  /**
   * Returns the proxied interface.
   *
   * @return the interface
   */
  public final Class<I> type() {
    return type;
  }

  /**
   * Returns the object the calls are passed on to.
   *
   * @return the target
   */
  public final I target() {
    return target;
  }

  /**
   * Answers the {@code Object} methods here and hands every interface method to {@link #dispatch}.
   *
   * @throws Throwable whatever the target or the feature throws, unchanged
   */
  @Override
  public final @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args)
      throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> args != null && proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        case "toString" -> label() + "[" + target + "]";
        default -> invokeTarget(method, args);
      };
    }
    return dispatch(method, args == null ? NO_ARGS : args);
  }

  /**
   * Returns what the proxy's {@code toString} shows before the target in brackets, such as {@code Memoized}.
   *
   * @return the label
   */
  protected abstract String label();

  /**
   * Handles one call of an interface method.
   *
   * @param method the interface method called
   * @param args the call's arguments, empty (never null) for a method without parameters
   * @return the result for the caller
   * @throws Throwable whatever the call throws; it reaches the caller unchanged
   */
  protected abstract @Nullable Object dispatch(Method method, @Nullable Object[] args) throws Throwable;

  /**
   * Calls {@code method} on the target; default methods run as the target runs them.
   *
   * @param method the interface method
   * @param args its arguments
   * @return what the target returned
   * @throws Throwable what the target threw, unwrapped from the reflection wrapper
   */
  protected final @Nullable Object invokeTarget(Method method, @Nullable Object @Nullable [] args) throws Throwable {
    try {
      return callable.getOrDefault(method, method).invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() == null ? e : e.getCause();
    }
  }
}
