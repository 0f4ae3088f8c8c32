package dev.recall.internal;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.recall.spi.CommandArgs;
import dev.recall.RecallCodecException;
import dev.recall.RecallException;
import dev.recall.ValueConversionException;
import dev.recall.spi.Command;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.Replies;
import dev.recall.spi.Script;
import dev.recall.tracking.CallDecorator;
import dev.recall.tracking.CallTracker;
import dev.recall.tracking.RecordedCall;
import dev.recall.tracking.Replay;
import dev.recall.tracking.ThrowingFunction;
import dev.recall.tracking.TrackingOptions;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CallTracker}: one recording path ({@link #call}) onto which every functional type and the proxies
 * adapt. A call's count and history go to Redis in one script, so the two lists stay aligned under concurrency.
 */
public final class DefaultCallTracker implements CallTracker {
  private static final System.Logger LOG = System.getLogger(CallTracker.class.getName());
  private static final Script TRACK = Script.fromResource(DefaultCallTracker.class, "track.lua");
  private static final Script REPLAY = Script.fromResource(DefaultCallTracker.class, "replay.lua");
  private static final Object[] NO_ARGS = {};

  private final CommandExecutor executor;
  private final TrackingOptions options;
  private final ObjectWriter writer;
  private final boolean cluster;

  /**
   * Creates a tracker storing calls with the given options.
   *
   * @param cluster whether the client is on a Redis Cluster: the name in each key is then wrapped in a hash tag,
   *     {@code <prefix>{<name>}}, so the counter and both lists share a slot and one script can touch all three
   */
  public DefaultCallTracker(CommandExecutor executor, TrackingOptions options, boolean cluster) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.options = Objects.requireNonNull(options, "options");
    this.writer = options.mapper().writer();
    this.cluster = cluster;
  }

  @Override
  public TrackingOptions options() {
    return options;
  }

  @Override
  public CallDecorator countCalls(String name) {
    return new Decorator(new Site(checkName(name), true, false));
  }

  @Override
  public CallDecorator callHistory(String name) {
    return new Decorator(new Site(checkName(name), false, true));
  }

  @Override
  public CallDecorator trackCalls(String name) {
    return new Decorator(new Site(checkName(name), true, true));
  }

  @Override
  public <I> I countCalls(Class<I> type, I target) {
    return proxy(type, target, true, false);
  }

  @Override
  public <I> I callHistory(Class<I> type, I target) {
    return proxy(type, target, false, true);
  }

  @Override
  public <I> I trackCalls(Class<I> type, I target) {
    return proxy(type, target, true, true);
  }

  @Override
  public long count(String name) {
    byte[] key = counterKey(checkName(name));
    return countOf(key, executor.execute(RedisCommands.get(key)));
  }

  /** Reads a counter; a value that is not a whole number (written by something else) names the key. */
  private static long countOf(byte[] key, byte @Nullable [] value) {
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw new ValueConversionException(new String(key, StandardCharsets.UTF_8), "a call count (long)",
          DefaultCache.preview(value), e);
    }
  }

  @Override
  public Replay replay(String name) {
    return executor.execute(replayCommand(checkName(name)));
  }

  @Override
  public void clear(String name) {
    executor.execute(clearCommand(checkName(name)));
  }

  @Override
  public CompletableFuture<Long> countAsync(String name) {
    byte[] key = counterKey(checkName(name));
    return executor.executeAsync(RedisCommands.get(key)).thenApply(value -> countOf(key, value));
  }

  @Override
  public CompletableFuture<Replay> replayAsync(String name) {
    return executor.executeAsync(replayCommand(checkName(name)));
  }

  @Override
  public CompletableFuture<Void> clearAsync(String name) {
    return executor.executeAsync(clearCommand(checkName(name))).thenApply(removed -> null);
  }

  /**
   * The one recording path: encodes the arguments, runs the body, encodes its outcome, records both in one round
   * trip, then returns or rethrows the body's outcome unchanged.
   */
  @Nullable Object call(Site site, @Nullable Object @Nullable [] args, Invocation body) throws Throwable {
    byte[] inputs = site.history() ? encodeInputs(site.name(), args == null ? NO_ARGS : args) : null;
    Object result = null;
    Throwable failure = null;
    try {
      result = body.call();
    } catch (Throwable t) {
      failure = t;
    }
    byte[] output = null;
    if (site.history()) {
      output = failure == null ? encodeOutput(site.name(), result) : exceptionEntry(failure);
    }
    try {
      executor.execute(recordCommand(site, inputs, output));
    } catch (RecallException e) {
      LOG.log(System.Logger.Level.WARNING, "could not record a call of ''{0}'': {1}", site.name(), e.getMessage());
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  private Command<?> recordCommand(Site site, byte @Nullable [] inputs, byte @Nullable [] output) {
    if (!site.history()) {
      return RedisCommands.incrBy(counterKey(site.name()), 1);
    }
    return RedisCommands.evalsha(TRACK,
        List.of(counterKey(site.name()), inputsKey(site.name()), outputsKey(site.name())),
        List.of(flag(site.count()), flag(true), Objects.requireNonNull(inputs), Objects.requireNonNull(output),
            ascii(Long.toString(options.maxHistory()))));
  }

  private Command<Replay> replayCommand(String name) {
    return Command.script(REPLAY,
        List.of(counterKey(name), inputsKey(name), outputsKey(name)), List.of(), reply -> {
      List<@Nullable Object> parts = Replies.list(reply);
      long count = parts.get(0) == null ? 0 : Replies.longValue(parts.get(0));
      List<byte @Nullable []> inputs = Replies.bytesList(parts.get(1));
      List<byte @Nullable []> outputs = Replies.bytesList(parts.get(2));
      List<RecordedCall> calls = new ArrayList<>(inputs.size());
      for (int i = 0; i < Math.min(inputs.size(), outputs.size()); i++) {
        calls.add(new RecordedCall(utf8(inputs.get(i)), utf8(outputs.get(i))));
      }
      return new Replay(name, count, calls);
    });
  }

  private Command<Long> clearCommand(String name) {
    return RedisCommands.del(counterKey(name), inputsKey(name), outputsKey(name));
  }

  private byte[] encodeInputs(String name, @Nullable Object[] args) {
    try {
      return writer.writeValueAsBytes(args);
    } catch (Exception e) {
      throw new RecallCodecException("cannot encode the arguments of tracked call '" + name + "' as JSON: "
          + e.getMessage(), "Object[]", e);
    }
  }

  private byte[] encodeOutput(String name, @Nullable Object result) {
    try {
      return writer.writeValueAsBytes(result);
    } catch (Exception e) {
      String type = result == null ? "null" : result.getClass().getName();
      throw new RecallCodecException("cannot encode the result of tracked call '" + name + "', a " + type
          + ", as JSON: " + e.getMessage(), type, e);
    }
  }

  private static byte[] exceptionEntry(Throwable failure) {
    String message = failure.getMessage();
    return (RecordedCall.EXCEPTION_MARK + failure.getClass().getName() + (message == null ? "" : ": " + message))
        .getBytes(StandardCharsets.UTF_8);
  }

  private byte[] counterKey(String name) {
    return CommandArgs.utf8(options.prefix() + keyName(name));
  }

  private byte[] inputsKey(String name) {
    return CommandArgs.utf8(options.prefix() + keyName(name) + ":inputs");
  }

  private byte[] outputsKey(String name) {
    return CommandArgs.utf8(options.prefix() + keyName(name) + ":outputs");
  }

  private String keyName(String name) {
    return HashTags.tag(options.prefix(), name, "a tracked name", cluster);
  }

  private String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a tracked name must not be blank, got '" + name + "'");
    }
    Limits.name("tracked name (with prefix '" + options.prefix() + "')", options.prefix() + name);
    keyName(name);
    return name;
  }

  private static byte[] flag(boolean on) {
    return ascii(on ? "1" : "0");
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static String utf8(byte @Nullable [] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
  }

  private <I> I proxy(Class<I> type, I target, boolean count, boolean history) {
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
    I inner = target;
    if (Proxy.isProxyClass(target.getClass())
        && Proxy.getInvocationHandler(target) instanceof TrackingHandler handler
        && handler.tracker() == this && handler.type() == type) {
      // Stacked tracking proxies of one tracker merge, so one call is still one round trip.
      inner = type.cast(handler.target());
      count |= handler.count();
      history |= handler.history();
    }
    TrackingHandler handler = TrackingHandler.create(this, type, inner, count, history);
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  /**
   * What to do for calls under one name.
   *
   * @param name the tracked name
   * @param count whether to count calls
   * @param history whether to record them
   */
  record Site(String name, boolean count, boolean history) {
    Site merge(Site other) {
      return new Site(name, count || other.count, history || other.history);
    }
  }

  /** The body of a tracked call. */
  @FunctionalInterface
  interface Invocation {
    @Nullable Object call() throws Throwable;
  }

  /** Rethrows any throwable unchanged; the adapters' own signatures already admit what their delegates throw. */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /** Adapts each functional type onto {@link #call}; merges with a decorator of the same tracker and name. */
  private final class Decorator implements CallDecorator {
    private final Site site;

    Decorator(Site site) {
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
      Objects.requireNonNull(function, "function");
      if (function instanceof TrackedFunction<T, R> inner && mergeable(inner.tracker, inner.site)) {
        return new TrackedFunction<>(DefaultCallTracker.this, site.merge(inner.site), inner.delegate);
      }
      return new TrackedFunction<>(DefaultCallTracker.this, site, function);
    }

    @Override
    public <T, U, R> BiFunction<T, U, R> biFunction(BiFunction<T, U, R> function) {
      Objects.requireNonNull(function, "function");
      if (function instanceof TrackedBiFunction<T, U, R> inner && mergeable(inner.tracker, inner.site)) {
        return new TrackedBiFunction<>(DefaultCallTracker.this, site.merge(inner.site), inner.delegate);
      }
      return new TrackedBiFunction<>(DefaultCallTracker.this, site, function);
    }

    @Override
    public <R> Supplier<R> supplier(Supplier<R> supplier) {
      Objects.requireNonNull(supplier, "supplier");
      if (supplier instanceof TrackedSupplier<R> inner && mergeable(inner.tracker, inner.site)) {
        return new TrackedSupplier<>(DefaultCallTracker.this, site.merge(inner.site), inner.delegate);
      }
      return new TrackedSupplier<>(DefaultCallTracker.this, site, supplier);
    }

    @Override
    public Runnable runnable(Runnable runnable) {
      Objects.requireNonNull(runnable, "runnable");
      if (runnable instanceof TrackedRunnable inner && mergeable(inner.tracker, inner.site)) {
        return new TrackedRunnable(DefaultCallTracker.this, site.merge(inner.site), inner.delegate);
      }
      return new TrackedRunnable(DefaultCallTracker.this, site, runnable);
    }

    @Override
    public <T, R> ThrowingFunction<T, R> throwing(ThrowingFunction<T, R> function) {
      Objects.requireNonNull(function, "function");
      if (function instanceof TrackedThrowingFunction<T, R> inner && mergeable(inner.tracker, inner.site)) {
        return new TrackedThrowingFunction<>(DefaultCallTracker.this, site.merge(inner.site), inner.delegate);
      }
      return new TrackedThrowingFunction<>(DefaultCallTracker.this, site, function);
    }

    private boolean mergeable(DefaultCallTracker tracker, Site inner) {
      return tracker == DefaultCallTracker.this && inner.name().equals(site.name());
    }

    @Override
    public String toString() {
      return "CallDecorator[" + site + "]";
    }
  }

  private record TrackedFunction<T, R>(DefaultCallTracker tracker, Site site, Function<T, R> delegate)
      implements Function<T, R> {
    @Override
    @SuppressWarnings("unchecked")
    public R apply(T argument) {
      try {
        return (R) tracker.call(site, new Object[] {argument}, () -> delegate.apply(argument));
      } catch (Throwable t) {
        throw sneaky(t);
      }
    }
  }

  private record TrackedBiFunction<T, U, R>(DefaultCallTracker tracker, Site site, BiFunction<T, U, R> delegate)
      implements BiFunction<T, U, R> {
    @Override
    @SuppressWarnings("unchecked")
    public R apply(T first, U second) {
      try {
        return (R) tracker.call(site, new Object[] {first, second}, () -> delegate.apply(first, second));
      } catch (Throwable t) {
        throw sneaky(t);
      }
    }
  }

  private record TrackedSupplier<R>(DefaultCallTracker tracker, Site site, Supplier<R> delegate)
      implements Supplier<R> {
    @Override
    @SuppressWarnings("unchecked")
    public R get() {
      try {
        return (R) tracker.call(site, NO_ARGS, delegate::get);
      } catch (Throwable t) {
        throw sneaky(t);
      }
    }
  }

  private record TrackedRunnable(DefaultCallTracker tracker, Site site, Runnable delegate) implements Runnable {
    @Override
    public void run() {
      try {
        tracker.call(site, NO_ARGS, () -> {
          delegate.run();
          return null;
        });
      } catch (Throwable t) {
        throw sneaky(t);
      }
    }
  }

  private record TrackedThrowingFunction<T, R>(DefaultCallTracker tracker, Site site, ThrowingFunction<T, R> delegate)
      implements ThrowingFunction<T, R> {
    @Override
    @SuppressWarnings("unchecked")
    public R apply(T argument) throws Exception {
      try {
        return (R) tracker.call(site, new Object[] {argument}, () -> delegate.apply(argument));
      } catch (Throwable t) {
        throw sneaky(t);
      }
    }
  }

  /** Tracks the methods of one interface on a target; methods not tracked pass straight through. */
  private record TrackingHandler(
      DefaultCallTracker tracker, Class<?> type, Object target, boolean count, boolean history,
      java.util.Map<Method, Site> sites) implements InvocationHandler {

    static TrackingHandler create(DefaultCallTracker tracker, Class<?> type, Object target, boolean count,
        boolean history) {
      Method[] methods = type.getMethods();
      boolean annotatedOnly = java.util.Arrays.stream(methods)
          .anyMatch(m -> m.isAnnotationPresent(dev.recall.tracking.Tracked.class));
      java.util.Map<Method, Site> sites = new java.util.HashMap<>();
      for (Method method : methods) {
        dev.recall.tracking.Tracked tag = method.getAnnotation(dev.recall.tracking.Tracked.class);
        if (annotatedOnly && tag == null) {
          continue;
        }
        String name = tag != null && !tag.value().isBlank() ? tag.value()
            : type.getSimpleName() + "." + method.getName();
        sites.put(method, new Site(name, count, history));
      }
      return new TrackingHandler(tracker, type, target, count, history, java.util.Map.copyOf(sites));
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> args != null && proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          case "toString" -> "Tracked" + type.getSimpleName() + "[" + target + "]";
          default -> invokeTarget(method, args);
        };
      }
      Site site = sites.get(method);
      if (site == null) {
        return invokeTarget(method, args);
      }
      return tracker.call(site, args, () -> invokeTarget(method, args));
    }

    private @Nullable Object invokeTarget(Method method, @Nullable Object @Nullable [] args) throws Throwable {
      try {
        if (!method.canAccess(target)) {
          method.setAccessible(true);
        }
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
