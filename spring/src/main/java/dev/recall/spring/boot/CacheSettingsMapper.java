package dev.recall.spring.boot;

import dev.recall.function.EvictionPolicy;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.KeyLayout;
import dev.recall.function.NearCacheConfig;
import dev.recall.spring.RecallCacheManager;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@code recall.cache.default.*} and {@code recall.caches.<name>.*} into the cache manager's settings,
 * checking each value at once so a bad one fails start-up naming its property and value.
 */
final class CacheSettingsMapper {
  private static final String DEFAULTS = "recall.cache.default";

  private CacheSettingsMapper() {}

  /** A duration setting and the property it came from. */
  private record Setting(String property, Duration value) {}

  /**
   * Checks the settings that must agree with each other (a refresh age shorter than the ttl, a ttl beside
   * stale-if-error), each taken from the cache's own group or else the defaults, so that the failure names the
   * properties that set them and the cache.
   *
   * @param cache the cache's name, or null for the defaults that dynamic caches get
   */
  private static void checkCombined(@Nullable String cache, String prefix, RecallProperties.CacheSettings own,
      RecallProperties.@Nullable CacheSettings defaults) {
    Setting ttl = setting(".ttl", RecallProperties.CacheSettings::ttl, prefix, own, defaults);
    Setting refresh = setting(".refresh-after-write", RecallProperties.CacheSettings::refreshAfterWrite, prefix, own,
        defaults);
    Setting stale = setting(".stale-if-error", RecallProperties.CacheSettings::staleIfError, prefix, own, defaults);
    String which = cache == null ? " (the defaults of every cache)" : " (cache '" + cache + "')";
    if (refresh != null && ttl != null && refresh.value().compareTo(ttl.value()) >= 0) {
      throw new InvalidConfigurationPropertyValueException(refresh.property(), refresh.value(), "must be shorter"
          + " than " + ttl.property() + " (" + ttl.value() + ")" + which + ": an entry would expire before it is"
          + " refreshed");
    }
    if (stale != null && ttl == null) {
      throw new InvalidConfigurationPropertyValueException(stale.property(), stale.value(), "needs a ttl" + which
          + ": set " + prefix + ".ttl" + (defaults == null ? "" : " or " + DEFAULTS + ".ttl"));
    }
  }

  private static @Nullable Setting setting(String suffix,
      Function<RecallProperties.CacheSettings, @Nullable Duration> get, String prefix,
      RecallProperties.CacheSettings own, RecallProperties.@Nullable CacheSettings defaults) {
    Duration value = get.apply(own);
    if (value != null) {
      return new Setting(prefix + suffix, value);
    }
    Duration fallback = defaults == null ? null : get.apply(defaults);
    return fallback == null ? null : new Setting(DEFAULTS + suffix, fallback);
  }

  /** Applies the properties' cache settings to the manager's builder. */
  static void apply(RecallProperties properties, RecallCacheManager.Builder manager) {
    RecallProperties.CacheSettings defaults = properties.cache().defaults();
    checkCombined(null, DEFAULTS, defaults, null);
    manager.defaults(settings(DEFAULTS, defaults));
    if (defaults.allowNullValues() != null) {
      manager.allowNullValues(defaults.allowNullValues());
    }
    manager.dynamic(properties.cache().dynamic());
    for (Map.Entry<String, RecallProperties.CacheSettings> cache : properties.cachesOrEmpty().entrySet()) {
      String prefix = "recall.caches." + cache.getKey();
      checkCombined(cache.getKey(), prefix, cache.getValue(), defaults);
      UnaryOperator<FunctionCacheConfig.Builder> own = settings(prefix, cache.getValue());
      try {
        manager.cache(cache.getKey(), own);
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(prefix, cache.getKey(), e.getMessage());
      }
      if (cache.getValue().allowNullValues() != null) {
        manager.allowNullValues(cache.getKey(), cache.getValue().allowNullValues());
      }
    }
  }

  /** The settings a property group sets, each checked now against a sample cache. */
  static UnaryOperator<FunctionCacheConfig.Builder> settings(String prefix, RecallProperties.CacheSettings s) {
    EvictionPolicy policy = s.policy() == null ? null : parse(prefix + ".policy", s.policy(), EvictionPolicy.class);
    KeyLayout layout = s.layout() == null ? null : parse(prefix + ".layout", s.layout(), KeyLayout.class);
    NearCacheConfig near = nearCache(prefix + ".near-cache", s.nearCache());
    UnaryOperator<FunctionCacheConfig.Builder> settings = b -> {
      if (policy != null) {
        b.policy(policy);
      }
      if (s.maxSize() != null) {
        b.maxSize(s.maxSize());
      }
      if (s.ttl() != null) {
        b.ttl(s.ttl());
      }
      if (s.ttlJitter() != null) {
        b.ttlJitter(s.ttlJitter());
      }
      if (layout != null) {
        b.layout(layout);
      }
      if (s.failOpen() != null) {
        b.failOpen(s.failOpen());
      }
      if (s.stampedeProtection() != null) {
        b.stampedeProtection(s.stampedeProtection());
      }
      if (s.leaseTime() != null) {
        b.leaseTime(s.leaseTime());
      }
      if (s.refreshAfterWrite() != null) {
        b.refreshAfterWrite(s.refreshAfterWrite());
      }
      if (s.staleIfError() != null) {
        b.staleIfError(s.staleIfError());
      }
      if (near != null) {
        b.nearCache(near);
      }
      return b;
    };
    check(prefix + ".max-size", s.maxSize(), b -> b.maxSize(s.maxSize()));
    check(prefix + ".ttl", s.ttl(), b -> b.ttl(s.ttl()));
    check(prefix + ".ttl-jitter", s.ttlJitter(), b -> b.ttlJitter(s.ttlJitter()));
    check(prefix + ".lease-time", s.leaseTime(), b -> b.leaseTime(s.leaseTime()));
    check(prefix + ".refresh-after-write", s.refreshAfterWrite(), b -> b.refreshAfterWrite(s.refreshAfterWrite()));
    check(prefix + ".stale-if-error", s.staleIfError(), b -> b.staleIfError(s.staleIfError()));
    return settings;
  }

  /** The near cache a property group asks for, or {@code null} when it sets no {@code max-entries}. */
  private static @Nullable NearCacheConfig nearCache(String prefix, RecallProperties.@Nullable NearCacheSettings s) {
    if (s == null || s.maxEntries() == null) {
      if (s != null && s.maxAge() != null) {
        throw new InvalidConfigurationPropertyValueException(prefix + ".max-age", s.maxAge(),
            "a near cache needs " + prefix + ".max-entries too");
      }
      return null;
    }
    NearCacheConfig.Builder near;
    try {
      near = NearCacheConfig.builder(s.maxEntries());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(prefix + ".max-entries", s.maxEntries(), e.getMessage());
    }
    if (s.maxAge() != null) {
      try {
        near.maxAge(s.maxAge());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(prefix + ".max-age", s.maxAge(), e.getMessage());
      }
    }
    return near.build();
  }

  private static void check(String property, Object value, Consumer<FunctionCacheConfig.Builder> setter) {
    if (value == null) {
      return;
    }
    try {
      setter.accept(FunctionCacheConfig.builder("check"));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
    }
  }

  private static <E extends Enum<E>> E parse(String property, String value, Class<E> type) {
    String name = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(name)) {
        return constant;
      }
    }
    throw new InvalidConfigurationPropertyValueException(property, value, "expected one of "
        + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
  }
}
