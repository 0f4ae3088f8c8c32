package dev.recall.function;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the interface methods a {@link FunctionCache#memoizeAll} proxy memoizes. When no method of the interface
 * carries it, every method with a return value is memoized.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Memoize {
  /**
   * The function's name in the cache.
   *
   * @return the name, or empty for one made of the interface, the method and its parameter types
   */
  String name() default "";

  /**
   * The arguments left out of the key, such as a connection, a logger or a request id.
   *
   * @return their zero-based indexes; empty to key on every argument
   */
  int[] ignoreArguments() default {};
}
