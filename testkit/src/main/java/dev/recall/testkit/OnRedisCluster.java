package dev.recall.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the run's shared {@link RedisCluster} instead of the shared {@link RedisServer}: its
 * {@link RedisTarget} parameters receive the cluster, which is flushed before each test. Inherited, so a subclass of
 * a suite written against {@code RedisTarget} that carries this annotation runs the whole suite on a cluster.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(RedisServerExtension.class)
public @interface OnRedisCluster {}
