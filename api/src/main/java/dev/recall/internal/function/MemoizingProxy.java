package dev.recall.internal.function;

import dev.recall.codec.Codecs;
import dev.recall.function.FunctionSpec;
import dev.recall.function.Memoize;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The handler behind {@code memoizeAll}: memoized methods go through their {@link Memoizer}, others straight on. */
final class MemoizingProxy implements InvocationHandler {
  private final Object target;
  private final Map<Method, Memoizer> memoized;
  private final Map<Method, Method> callable;

  private MemoizingProxy(Object target, Map<Method, Memoizer> memoized, Map<Method, Method> callable) {
    this.target = target;
    this.memoized = memoized;
    this.callable = callable;
  }

  static <T> T create(Class<T> type, T target, Function<FunctionSpec<?>, Memoizer> register) {
    if (!type.isInterface()) {
      throw new IllegalArgumentException("memoizeAll needs an interface, got " + type.getName());
    }
    boolean anyMarked = Arrays.stream(type.getMethods()).anyMatch(m -> m.isAnnotationPresent(Memoize.class));
    Map<Method, Memoizer> memoized = new HashMap<>();
    Map<Method, Method> callable = new HashMap<>();
    for (Method method : type.getMethods()) {
      callable.put(method, accessible(method));
      Memoize mark = method.getAnnotation(Memoize.class);
      if (method.getReturnType() == void.class || (anyMarked && mark == null)
          || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      String name = mark != null && !mark.name().isEmpty() ? mark.name() : defaultName(type, method);
      FunctionSpec.Builder<Object> spec = FunctionSpec.builder(name, Codecs.json(method.getGenericReturnType()));
      if (mark != null) {
        spec.ignoreArguments(mark.ignoreArguments());
      }
      memoized.put(method, register.apply(spec.build()));
    }
    Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        new MemoizingProxy(target, Map.copyOf(memoized), Map.copyOf(callable)));
    return type.cast(proxy);
  }

  /** A copy of the method that may be invoked on the target even when the interface is not public. */
  private static Method accessible(Method method) {
    try {
      method.setAccessible(true);
    } catch (RuntimeException e) {
      // A module that does not open the interface: public interfaces still work without it.
    }
    return method;
  }

  /** Interface, method and parameter types: stable across JVMs, and distinct for overloads. */
  static String defaultName(Class<?> type, Method method) {
    return type.getName() + "." + method.getName() + Arrays.stream(method.getParameterTypes())
        .map(Class::getTypeName).collect(Collectors.joining(",", "(", ")"));
  }

  @Override
  public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> args != null && proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        case "toString" -> "Memoized[" + target + "]";
        default -> invokeTarget(method, args);
      };
    }
    Memoizer memoizer = memoized.get(method);
    Object[] arguments = args == null ? new Object[0] : args;
    if (memoizer == null) {
      return invokeTarget(method, arguments);
    }
    return memoizer.call(arguments, () -> invokeTarget(method, arguments));
  }

  private @Nullable Object invokeTarget(Method method, @Nullable Object @Nullable [] args) throws Throwable {
    try {
      return callable.getOrDefault(method, method).invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() == null ? e : e.getCause();
    }
  }
}
