package dev.recall.internal.function;

import dev.recall.function.spi.LocalStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A local store over a map, for the near tier's unit tests: it records each entry's deadline and does not act on it,
 * so a test reads deadlines instead of waiting for them.
 */
class MapLocalStore implements LocalStore {
  final Map<String, Object> map = new ConcurrentHashMap<>();
  final Map<String, Long> deadlines = new ConcurrentHashMap<>();

  @Override
  public @Nullable Object get(String key) {
    return map.get(key);
  }

  @Override
  public void put(String key, Object value, long deadlineNanos) {
    map.put(key, value);
    deadlines.put(key, deadlineNanos);
  }

  @Override
  public void invalidate(String key) {
    map.remove(key);
  }

  @Override
  public void invalidateAll() {
    map.clear();
  }

  @Override
  public long estimatedSize() {
    return map.size();
  }
}
