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
  /** The function's name in the cache; empty means interface, method and parameter types. */
  String name() default "";

  /** Zero-based indexes of arguments left out of the key (a connection, a logger, a request id). */
  int[] ignoreArguments() default {};
}
