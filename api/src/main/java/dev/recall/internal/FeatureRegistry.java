package dev.recall.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The instances of one named feature that a client has built, one per name, so that asking twice for a name gives
 * one instance and its state (in-flight calls, statistics) rather than two that split it. Thread-safe: concurrent
 * first requests for a name build one instance.
 *
 * <p>A name's config is fixed by its first request. Configs are records, compared setting by setting: a setting whose
 * type is primitive, an enum, a record or from a {@code java.*} package (strings, durations, lists) by
 * {@code equals}; any other object (a stats recorder, a mapper, a lambda) by identity, since only the same object
 * is sure to send its events to the same place.
 *
 * @param <C> the feature's config record
 * @param <T> the feature
 */
public final class FeatureRegistry<C extends Record, T> {
  private final String feature;
  private final ConcurrentHashMap<String, Entry<C, T>> entries = new ConcurrentHashMap<>();

  /** Creates an empty registry; {@code feature} names the feature in messages, such as {@code "function cache"}. */
  public FeatureRegistry(String feature) {
    this.feature = Objects.requireNonNull(feature, "feature");
  }

  /**
   * Returns the instance registered under {@code name}, or builds one from {@code config} and registers it.
   *
   * @throws IllegalArgumentException when {@code name} is registered with a config that differs from
   *     {@code config}; the message names each differing setting with both values
   */
  public T get(String name, C config, Function<? super C, ? extends T> factory) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(config, "config");
    Entry<C, T> entry = entries.computeIfAbsent(name, n -> new Entry<>(config, factory.apply(config)));
    if (entry.config() != config) {
      checkSame(name, entry.config(), config);
    }
    return entry.instance();
  }

  /** Returns the instance registered under {@code name}, whatever its config, or registers one with the defaults. */
  public T get(String name, Supplier<? extends C> defaults, Function<? super C, ? extends T> factory) {
    Objects.requireNonNull(name, "name");
    Entry<C, T> entry = entries.get(name);
    if (entry == null) {
      entry = entries.computeIfAbsent(name, n -> {
        C config = defaults.get();
        return new Entry<>(config, factory.apply(config));
      });
    }
    return entry.instance();
  }

  /** Closes the instances that hold resources of their own (those that are {@link AutoCloseable}) and forgets all. */
  public void clear() {
    for (Entry<C, T> entry : entries.values()) {
      if (entry.instance() instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // Closing is best effort as the client goes; one instance's failure must not keep the others open.
          System.getLogger(FeatureRegistry.class.getName()).log(System.Logger.Level.WARNING,
              "closing " + feature + " failed", e);
        }
      }
    }
    entries.clear();
  }

  private void checkSame(String name, C registered, C asked) {
    List<String> was = new ArrayList<>();
    List<String> is = new ArrayList<>();
    for (RecordComponent component : registered.getClass().getRecordComponents()) {
      Object a = read(component, registered);
      Object b = read(component, asked);
      boolean byValue = byValue(component.getType());
      if (byValue ? !Objects.equals(a, b) : a != b) {
        was.add(component.getName() + "=" + show(a, byValue));
        is.add(component.getName() + "=" + show(b, byValue));
      }
    }
    if (!was.isEmpty()) {
      throw new IllegalArgumentException(feature + " '" + name + "' already exists with " + String.join(", ", was)
          + "; asked for " + String.join(", ", is));
    }
  }

  private static boolean byValue(Class<?> type) {
    return type.isPrimitive() || type.isEnum() || type.isRecord() || type.getName().startsWith("java.");
  }

  private static String show(@Nullable Object value, boolean byValue) {
    return value == null || byValue ? String.valueOf(value) : Objects.toIdentityString(value);
  }

  private static @Nullable Object read(RecordComponent component, Record config) {
    try {
      return component.getAccessor().invoke(config);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read " + component + " of a public config record", e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the accessor of " + component + " failed", e.getCause());
    }
  }

  private record Entry<C, T>(C config, T instance) {}
}
