package dev.recall.internal.function;

import dev.recall.codec.Codecs;
import dev.recall.function.FunctionSpec;
import dev.recall.function.Memoize;
import dev.recall.internal.InterfaceProxy;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The handler behind {@code memoizeAll}: memoized methods go through their {@link Memoizer}, others straight on. */
final class MemoizingProxy<T> extends InterfaceProxy<T> {
  private final Map<Method, Memoizer> memoized;

  private MemoizingProxy(Class<T> type, T target, Map<Method, Memoizer> memoized) {
    super(type, target);
    this.memoized = memoized;
  }

  static <T> T create(Class<T> type, T target, Function<FunctionSpec<?>, Memoizer> register) {
    if (!type.isInterface()) {
      throw new IllegalArgumentException("memoizeAll needs an interface, got " + type.getName());
    }
    Map<Method, Memoizer> memoized = new HashMap<>();
    for (Method method : markedOrAll(type, Memoize.class)) {
      if (method.getReturnType() == void.class || Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Memoize mark = method.getAnnotation(Memoize.class);
      String name = mark != null && !mark.name().isEmpty() ? mark.name() : defaultName(type, method);
      FunctionSpec.Builder<Object> spec = FunctionSpec.builder(name, Codecs.json(method.getGenericReturnType()));
      if (mark != null) {
        spec.ignoreArguments(mark.ignoreArguments());
      }
      memoized.put(method, register.apply(spec.build()));
    }
    return new MemoizingProxy<>(type, target, Map.copyOf(memoized)).proxy();
  }

  /** Interface, method and parameter types: stable across JVMs, and distinct for overloads. */
  static String defaultName(Class<?> type, Method method) {
    return type.getName() + "." + method.getName() + Arrays.stream(method.getParameterTypes())
        .map(Class::getTypeName).collect(Collectors.joining(",", "(", ")"));
  }

  @Override
  protected String label() {
    return "Memoized";
  }

  @Override
  protected @Nullable Object dispatch(Method method, @Nullable Object[] args) throws Throwable {
    Memoizer memoizer = memoized.get(method);
    if (memoizer == null) {
      return invokeTarget(method, args);
    }
    return memoizer.call(args, () -> invokeTarget(method, args));
  }
}
