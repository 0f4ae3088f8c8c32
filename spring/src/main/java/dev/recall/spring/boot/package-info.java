/**
 * Spring Boot auto-configuration of Recall: a {@link dev.recall.RecallClient} from {@code recall.*} properties, the
 * {@link dev.recall.spring.RecallCacheManager} with per-cache settings, an Actuator health indicator and the
 * Micrometer binding when those are on the class path. Every bean backs off when the application declares its own.
 */
@NullMarked
package dev.recall.spring.boot;

import org.jspecify.annotations.NullMarked;
