package dev.recall.spring;

import java.lang.reflect.Method;
import org.springframework.cache.interceptor.KeyGenerator;

/**
 * Generates a {@link RecallKey} of a cached method's parameters, for caches of a {@link RecallCacheManager}:
 * Spring's own {@code SimpleKey} hides its parameters, so Recall could not hash them the way it hashes a memoized
 * call's arguments. Stateless and thread-safe.
 */
public final class RecallKeyGenerator implements KeyGenerator {

  /** Creates the key generator. */
  public RecallKeyGenerator() {}

  /** Returns the key of the parameters; the target and method are not part of it, as with Spring's default. */
  @Override
  public Object generate(Object target, Method method, Object... params) {
    return RecallKey.of(params);
  }
}
