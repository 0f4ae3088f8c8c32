package dev.recall.internal;

import dev.recall.AsyncCache;
import dev.recall.Cache;
import dev.recall.ValueConversionException;
import dev.recall.codec.Codecs;
import dev.recall.spi.Command;
import dev.recall.spi.CommandExecutor;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The plain {@link Cache} and its {@link AsyncCache} view: one command per call, conversions shared by both. */
final class DefaultCache implements Cache {
  private final CommandExecutor executor;
  private final String prefix;
  private final AsyncCache async = new Async();

  DefaultCache(CommandExecutor executor, String prefix) {
    this.executor = executor;
    this.prefix = prefix;
  }

  @Override
  public String store(String value) {
    return storeBytes(textBytes(value), null);
  }

  @Override
  public String store(String value, Duration ttl) {
    return storeBytes(textBytes(value), checkTtl(ttl));
  }

  @Override
  public String store(byte[] value) {
    return storeBytes(Objects.requireNonNull(value, "value"), null);
  }

  @Override
  public String store(byte[] value, Duration ttl) {
    return storeBytes(Objects.requireNonNull(value, "value"), checkTtl(ttl));
  }

  @Override
  public String store(Number value) {
    return storeBytes(numberBytes(value), null);
  }

  @Override
  public String store(Number value, Duration ttl) {
    return storeBytes(numberBytes(value), checkTtl(ttl));
  }

  @Override
  public Optional<byte[]> get(String key) {
    return Optional.ofNullable(executor.execute(getCommand(key)));
  }

  @Override
  public <T> Optional<T> get(String key, Function<? super byte[], ? extends T> converter) {
    Objects.requireNonNull(converter, "converter");
    return get(key).map(bytes -> convert(key, bytes, "the converter's type", converter));
  }

  @Override
  public Optional<String> getString(String key) {
    return get(key).map(bytes -> convert(key, bytes, "String", DefaultCache::text));
  }

  @Override
  public Optional<Integer> getInt(String key) {
    return get(key).map(bytes -> convert(key, bytes, "int", DefaultCache::toInt));
  }

  @Override
  public Optional<Long> getLong(String key) {
    return get(key).map(bytes -> convert(key, bytes, "long", DefaultCache::toLong));
  }

  @Override
  public Optional<Double> getDouble(String key) {
    return get(key).map(bytes -> convert(key, bytes, "double", DefaultCache::toDouble));
  }

  @Override
  public boolean delete(String key) {
    return executor.execute(RedisCommands.del(fullKey(key))) > 0;
  }

  @Override
  public AsyncCache async() {
    return async;
  }

  private String storeBytes(byte[] value, @Nullable Duration ttl) {
    String key = UUID.randomUUID().toString();
    executor.execute(storeCommand(key, value, ttl));
    return key;
  }

  private Command<Boolean> storeCommand(String key, byte[] value, @Nullable Duration ttl) {
    return RedisCommands.set(fullKey(key), Limits.value("the value", value), ttl, SetCondition.ALWAYS);
  }

  private Command<byte @Nullable []> getCommand(String key) {
    return RedisCommands.get(fullKey(key));
  }

  private byte[] fullKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    return Limits.key("key '" + (key.length() > 40 ? key.substring(0, 40) + "...'" : key + "'"),
        (prefix + key).getBytes(StandardCharsets.UTF_8));
  }

  /** Checks a time to live at the call site: at least one millisecond, as the expiry Redis can store. */
  private static Duration checkTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("ttl must be at least 1 ms, got " + ttl);
    }
    return ttl;
  }

  private static byte[] textBytes(String value) {
    return Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] numberBytes(Number value) {
    Objects.requireNonNull(value, "value");
    if ((value instanceof Double d && !Double.isFinite(d)) || (value instanceof Float f && !Float.isFinite(f))) {
      throw new IllegalArgumentException("a stored number must be finite, got " + value);
    }
    String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static <T> T convert(String key, byte[] bytes, String target, Function<? super byte[], ? extends T> converter) {
    T value;
    try {
      value = converter.apply(bytes);
    } catch (RuntimeException e) {
      throw new ValueConversionException(key, target, ValuePreview.of(bytes), e);
    }
    if (value == null) {
      throw new ValueConversionException(key, target, ValuePreview.of(bytes) + " (the converter returned null)", null);
    }
    return value;
  }

  private static String text(byte[] bytes) {
    return Codecs.string().decode(bytes);
  }

  private static int toInt(byte[] bytes) {
    return Integer.parseInt(ascii(bytes));
  }

  private static long toLong(byte[] bytes) {
    return Long.parseLong(ascii(bytes));
  }

  private static double toDouble(byte[] bytes) {
    String text = ascii(bytes);
    return switch (text) {
      case "NaN", "nan" -> Double.NaN;
      case "Infinity", "inf", "+inf" -> Double.POSITIVE_INFINITY;
      case "-Infinity", "-inf" -> Double.NEGATIVE_INFINITY;
      default -> new BigDecimal(text).doubleValue();
    };
  }

  private static String ascii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0x20 || b > 0x7e) {
        throw new NumberFormatException("not a number");
      }
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  /** The non-blocking view; conversions run on the thread that completes the reply. */
  private final class Async implements AsyncCache {
    @Override
    public CompletableFuture<String> store(String value) {
      return storeAsync(textBytes(value), null);
    }

    @Override
    public CompletableFuture<String> store(String value, Duration ttl) {
      return storeAsync(textBytes(value), checkTtl(ttl));
    }

    @Override
    public CompletableFuture<String> store(byte[] value) {
      return storeAsync(Objects.requireNonNull(value, "value"), null);
    }

    @Override
    public CompletableFuture<String> store(byte[] value, Duration ttl) {
      return storeAsync(Objects.requireNonNull(value, "value"), checkTtl(ttl));
    }

    @Override
    public CompletableFuture<String> store(Number value) {
      return storeAsync(numberBytes(value), null);
    }

    @Override
    public CompletableFuture<String> store(Number value, Duration ttl) {
      return storeAsync(numberBytes(value), checkTtl(ttl));
    }

    @Override
    public CompletableFuture<Optional<byte[]>> get(String key) {
      return executor.executeAsync(getCommand(key)).thenApply(Optional::ofNullable);
    }

    @Override
    public <T> CompletableFuture<Optional<T>> get(String key, Function<? super byte[], ? extends T> converter) {
      Objects.requireNonNull(converter, "converter");
      return get(key).thenApply(raw -> raw.map(bytes -> convert(key, bytes, "the converter's type", converter)));
    }

    @Override
    public CompletableFuture<Optional<String>> getString(String key) {
      return get(key).thenApply(raw -> raw.map(bytes -> convert(key, bytes, "String", DefaultCache::text)));
    }

    @Override
    public CompletableFuture<Optional<Integer>> getInt(String key) {
      return get(key).thenApply(raw -> raw.map(bytes -> convert(key, bytes, "int", DefaultCache::toInt)));
    }

    @Override
    public CompletableFuture<Optional<Long>> getLong(String key) {
      return get(key).thenApply(raw -> raw.map(bytes -> convert(key, bytes, "long", DefaultCache::toLong)));
    }

    @Override
    public CompletableFuture<Optional<Double>> getDouble(String key) {
      return get(key).thenApply(raw -> raw.map(bytes -> convert(key, bytes, "double", DefaultCache::toDouble)));
    }

    @Override
    public CompletableFuture<Boolean> delete(String key) {
      return executor.executeAsync(RedisCommands.del(fullKey(key))).thenApply(removed -> removed > 0);
    }

    private CompletableFuture<String> storeAsync(byte[] value, @Nullable Duration ttl) {
      String key = UUID.randomUUID().toString();
      return executor.executeAsync(storeCommand(key, value, ttl)).thenApply(written -> key);
    }
  }
}
