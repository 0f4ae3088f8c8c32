/**
 * Spring's cache abstraction over Recall's function caches: {@link dev.recall.spring.RecallCacheManager}, the
 * {@link dev.recall.spring.RecallCacheResolver} that types each cached method's values by its declared return
 * type, and the {@link dev.recall.spring.RecallKeyGenerator} whose keys hash as memoized calls' arguments do.
 * {@link dev.recall.spring.RecallCachingConfigurer} wires the three for {@code @EnableCaching}.
 */
@NullMarked
package dev.recall.spring;

import org.jspecify.annotations.NullMarked;
