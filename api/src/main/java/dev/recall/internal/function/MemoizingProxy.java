package dev.recall.internal.function;

import dev.recall.codec.Codecs;
import dev.recall.function.FunctionSpec;
import dev.recall.function.Memoize;
import dev.recall.internal.InterfaceProxy;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The handler behind {@code memoizeAll}: memoized methods go through their {@link Memoizer}, others straight on.
 * A method returning a {@link CompletableFuture} or {@link CompletionStage} is memoized asynchronously: its
 * results are encoded as the future's value type.
 */
final class MemoizingProxy<T> extends InterfaceProxy<T> {
  private final Map<Method, Memoizer> memoized;
  private final Set<Method> async;

  private MemoizingProxy(Class<T> type, T target, Map<Method, Memoizer> memoized, Set<Method> async) {
    super(type, target);
    this.memoized = memoized;
    this.async = async;
  }

  static <T> T create(Class<T> type, T target, Function<FunctionSpec<?>, Memoizer> register) {
    if (!type.isInterface()) {
      throw new IllegalArgumentException("memoizeAll needs an interface, got " + type.getName());
    }
    Map<Method, Memoizer> memoized = new HashMap<>();
    Set<Method> async = new HashSet<>();
    for (Method method : markedOrAll(type, Memoize.class)) {
      if (method.getReturnType() == void.class || Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Memoize mark = method.getAnnotation(Memoize.class);
      String name = mark != null && !mark.name().isEmpty() ? mark.name() : defaultName(type, method);
      Type result = method.getGenericReturnType();
      if (isFuture(method.getReturnType())) {
        async.add(method);
        result = futureValueType(method);
      }
      FunctionSpec.Builder<Object> spec = FunctionSpec.builder(name, Codecs.json(result));
      if (mark != null) {
        spec.ignoreArguments(mark.ignoreArguments());
      }
      memoized.put(method, register.apply(spec.build()));
    }
    return new MemoizingProxy<>(type, target, Map.copyOf(memoized), Set.copyOf(async)).proxy();
  }

  private static boolean isFuture(Class<?> type) {
    return type == CompletableFuture.class || type == CompletionStage.class;
  }

  /**
   * The value type of a future-returning method's result.
   *
   * @throws IllegalArgumentException when the method returns a raw future, whose values could not be typed
   */
  private static Type futureValueType(Method method) {
    if (method.getGenericReturnType() instanceof ParameterizedType future) {
      Type value = future.getActualTypeArguments()[0];
      if (!(value instanceof WildcardType) && !(value instanceof TypeVariable<?>)) {
        return value;
      }
    }
    throw new IllegalArgumentException("memoizeAll needs the value type of the future " + method.getName()
        + " returns, got " + method.getGenericReturnType() + "; declare it, as in CompletableFuture<Order>");
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
    if (async.contains(method)) {
      CompletableFuture<@Nullable Object> result = memoizer.callAsync(args, () -> future(invokeTarget(method, args)));
      return result;
    }
    return memoizer.call(args, () -> invokeTarget(method, args));
  }

  private static @Nullable CompletableFuture<?> future(@Nullable Object stage) {
    return stage == null ? null : ((CompletionStage<?>) stage).toCompletableFuture();
  }
}
