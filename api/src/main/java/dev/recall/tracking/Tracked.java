package dev.recall.tracking;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the interface methods a tracking proxy tracks. When no method of the interface carries it, a proxy from
 * {@link CallTracker#countCalls(Class, Object)} (or its siblings) tracks every method; when at least one does, it
 * tracks only the marked ones.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tracked {

  /**
   * The name to track the method under.
   *
   * @return the tracked name; empty (the default) means {@code Interface.method}
   */
  String value() default "";
}
