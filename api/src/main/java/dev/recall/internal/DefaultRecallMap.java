package dev.recall.internal;

import dev.recall.spi.CommandArgs;
import dev.recall.RecallCommandException;
import dev.recall.ValueConversionException;
import dev.recall.codec.Codec;
import dev.recall.map.AsyncRecallMap;
import dev.recall.map.RecallMap;
import dev.recall.spi.Command;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.Replies;
import dev.recall.spi.Script;
import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/** The {@link RecallMap} and its async view over one hash; both build the same commands. */
final class DefaultRecallMap<K, V> implements RecallMap<K, V> {
  private static final Script POP = Script.fromResource(DefaultRecallMap.class, "hpop.lua");
  private static final int PAGE = 1000;

  private final CommandExecutor executor;
  private final String namespace;
  private final byte[] hash;
  private final Codec<K> keys;
  private final Codec<V> values;
  private final AsyncRecallMap<K, V> async = new Async();

  DefaultRecallMap(CommandExecutor executor, String namespace, Codec<K> keys, Codec<V> values) {
    this.executor = executor;
    this.namespace = namespace;
    this.hash = CommandArgs.utf8(namespace);
    this.keys = Objects.requireNonNull(keys, "keyCodec");
    this.values = Objects.requireNonNull(values, "valueCodec");
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public void set(K key, V value) {
    executor.execute(setCommand(key, value));
  }

  @Override
  public Optional<V> get(K key) {
    return decodeOptional(key, executor.execute(RedisCommands.hget(hash, field(key))));
  }

  @Override
  public V get(K key, V defaultValue) {
    Objects.requireNonNull(defaultValue, "defaultValue");
    return get(key).orElse(defaultValue);
  }

  @Override
  public boolean contains(K key) {
    return executor.execute(RedisCommands.hexists(hash, field(key)));
  }

  @Override
  public Stream<Map.Entry<K, V>> items() {
    Iterator<Map.Entry<K, V>> pages = new Iterator<>() {
      private final ArrayDeque<Map.Entry<K, V>> buffer = new ArrayDeque<>();
      private @Nullable String cursor = "0";

      @Override
      public boolean hasNext() {
        while (buffer.isEmpty() && cursor != null) {
          ScanPage page = executor.execute(RedisCommands.hscan(hash, cursor, null, PAGE));
          cursor = page.isLast() ? null : page.cursor();
          addEntries(page, (k, v) -> buffer.add(new AbstractMap.SimpleImmutableEntry<>(k, v)));
        }
        return !buffer.isEmpty();
      }

      @Override
      public Map.Entry<K, V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException("no more entries in map '" + namespace + "'");
        }
        return buffer.poll();
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.NONNULL), false);
  }

  @Override
  public long length() {
    return executor.execute(RedisCommands.hlen(hash));
  }

  @Override
  public Map<K, V> toMap() {
    Map<K, V> copy = new LinkedHashMap<>();
    items().forEach(entry -> copy.put(entry.getKey(), entry.getValue()));
    return copy;
  }

  @Override
  public Optional<V> pop(K key) {
    return decodeOptional(key, executor.execute(popCommand(key)));
  }

  @Override
  public V pop(K key, V defaultValue) {
    Objects.requireNonNull(defaultValue, "defaultValue");
    return pop(key).orElse(defaultValue);
  }

  @Override
  public void update(Map<? extends K, ? extends V> entries) {
    Command<Long> command = updateCommand(entries);
    if (command != null) {
      executor.execute(command);
    }
  }

  @Override
  public boolean delete(K key) {
    return executor.execute(RedisCommands.hdel(hash, field(key))) > 0;
  }

  @Override
  public long increment(K key, long delta) {
    byte[] field = field(key);
    try {
      return executor.execute(RedisCommands.hincrBy(hash, field, delta));
    } catch (RecallCommandException e) {
      throw notANumber(key, field, "an integer", e, executor.execute(RedisCommands.hget(hash, field)));
    }
  }

  @Override
  public double increment(K key, double delta) {
    byte[] field = field(key);
    String text = decimal(delta);
    try {
      return Double.parseDouble(executor.execute(RedisCommands.hincrByFloat(hash, field, text)));
    } catch (RecallCommandException e) {
      throw notANumber(key, field, "a number", e, executor.execute(RedisCommands.hget(hash, field)));
    }
  }

  @Override
  public void clear() {
    executor.execute(RedisCommands.del(hash));
  }

  @Override
  public AsyncRecallMap<K, V> async() {
    return async;
  }

  @Override
  public String toString() {
    return "RecallMap[" + namespace + "]";
  }

  private Command<Long> setCommand(K key, V value) {
    return RedisCommands.hset(hash, Map.of(field(key), encodeValue(value)));
  }

  private Command<byte @Nullable []> popCommand(K key) {
    return Command.script(POP, List.of(hash), List.of(field(key)), Replies::bytes);
  }

  private @Nullable Command<Long> updateCommand(Map<? extends K, ? extends V> entries) {
    Objects.requireNonNull(entries, "entries");
    if (entries.isEmpty()) {
      return null;
    }
    // Encode everything first, so a bad entry fails the call before anything is written.
    Map<byte[], byte[]> fields = new LinkedHashMap<>();
    entries.forEach((k, v) -> fields.put(field(k), encodeValue(v)));
    return RedisCommands.hset(hash, fields);
  }

  private byte[] field(K key) {
    return Limits.key("a field name of map '" + namespace + "'", keys.encode(Objects.requireNonNull(key, "key")));
  }

  private byte[] encodeValue(V value) {
    return Limits.value("a value of map '" + namespace + "'", values.encode(Objects.requireNonNull(value, "value")));
  }

  private Optional<V> decodeOptional(K key, byte @Nullable [] raw) {
    return raw == null ? Optional.empty() : Optional.of(Decoding.decode(values, raw, where(key)));
  }

  private void addEntries(ScanPage page, BiConsumer<K, V> sink) {
    List<byte[]> items = page.items();
    for (int i = 0; i + 1 < items.size(); i += 2) {
      K key = Decoding.decode(keys, items.get(i), "map '" + namespace + "' (a field name)");
      sink.accept(key, Decoding.decode(values, items.get(i + 1), where(key)));
    }
  }

  private String where(K key) {
    return "map '" + namespace + "' field '" + key + "'";
  }

  private static String decimal(double delta) {
    if (Double.isNaN(delta) || Double.isInfinite(delta)) {
      throw new IllegalArgumentException("an increment must be a finite number, got " + delta);
    }
    return BigDecimal.valueOf(delta).toPlainString();
  }

  private RuntimeException notANumber(K key, byte[] field, String expected, RecallCommandException error,
      byte @Nullable [] stored) {
    String message = error.getMessage();
    if (!"ERR".equals(error.errorCode()) || message == null
        || !(message.contains("not an integer") || message.contains("not a float") || message.contains("not a valid"))) {
      return error;
    }
    String where = namespace + "[" + key + "]";
    return new ValueConversionException(where, expected, stored == null ? "(gone)" : ValuePreview.of(stored), error);
  }


  /** The non-blocking view; decoding runs on the thread that completes the reply. */
  private final class Async implements AsyncRecallMap<K, V> {
    @Override
    public CompletableFuture<Void> set(K key, V value) {
      return executor.executeAsync(setCommand(key, value)).thenApply(added -> null);
    }

    @Override
    public CompletableFuture<Optional<V>> get(K key) {
      return executor.executeAsync(RedisCommands.hget(hash, field(key))).thenApply(raw -> decodeOptional(key, raw));
    }

    @Override
    public CompletableFuture<V> get(K key, V defaultValue) {
      Objects.requireNonNull(defaultValue, "defaultValue");
      return get(key).thenApply(value -> value.orElse(defaultValue));
    }

    @Override
    public CompletableFuture<Boolean> contains(K key) {
      return executor.executeAsync(RedisCommands.hexists(hash, field(key)));
    }

    @Override
    public CompletableFuture<Void> forEach(BiConsumer<? super K, ? super V> action) {
      Objects.requireNonNull(action, "action");
      return scanFrom("0", action);
    }

    private CompletableFuture<Void> scanFrom(String cursor, BiConsumer<? super K, ? super V> action) {
      return executor.executeAsync(RedisCommands.hscan(hash, cursor, null, PAGE)).thenCompose(page -> {
        addEntries(page, action::accept);
        return page.isLast() ? CompletableFuture.<Void>completedFuture(null) : scanFrom(page.cursor(), action);
      });
    }

    @Override
    public CompletableFuture<Long> length() {
      return executor.executeAsync(RedisCommands.hlen(hash));
    }

    @Override
    public CompletableFuture<Map<K, V>> toMap() {
      Map<K, V> copy = new LinkedHashMap<>();
      return forEach(copy::put).thenApply(done -> copy);
    }

    @Override
    public CompletableFuture<Optional<V>> pop(K key) {
      return executor.executeAsync(popCommand(key)).thenApply(raw -> decodeOptional(key, raw));
    }

    @Override
    public CompletableFuture<V> pop(K key, V defaultValue) {
      Objects.requireNonNull(defaultValue, "defaultValue");
      return pop(key).thenApply(value -> value.orElse(defaultValue));
    }

    @Override
    public CompletableFuture<Void> update(Map<? extends K, ? extends V> entries) {
      Command<Long> command = updateCommand(entries);
      return command == null ? CompletableFuture.completedFuture(null)
          : executor.executeAsync(command).thenApply(added -> null);
    }

    @Override
    public CompletableFuture<Boolean> delete(K key) {
      return executor.executeAsync(RedisCommands.hdel(hash, field(key))).thenApply(removed -> removed > 0);
    }

    @Override
    public CompletableFuture<Long> increment(K key, long delta) {
      byte[] field = field(key);
      return withNumberCheck(key, field, "an integer", executor.executeAsync(RedisCommands.hincrBy(hash, field, delta)));
    }

    @Override
    public CompletableFuture<Double> increment(K key, double delta) {
      byte[] field = field(key);
      return withNumberCheck(key, field, "a number",
          executor.executeAsync(RedisCommands.hincrByFloat(hash, field, decimal(delta))).thenApply(Double::parseDouble));
    }

    private <N> CompletableFuture<N> withNumberCheck(K key, byte[] field, String expected, CompletableFuture<N> sent) {
      return sent.exceptionallyCompose(failure -> {
        if (Futures.unwrap(failure) instanceof RecallCommandException error) {
          return executor.executeAsync(RedisCommands.hget(hash, field))
              .thenCompose(stored -> CompletableFuture.failedFuture(notANumber(key, field, expected, error, stored)));
        }
        return CompletableFuture.failedFuture(Futures.unwrap(failure));
      });
    }

    @Override
    public CompletableFuture<Void> clear() {
      return executor.executeAsync(RedisCommands.del(hash)).thenApply(removed -> null);
    }
  }
}
