/**
 * The near cache's local store over Caffeine, found by the function cache through
 * {@link java.util.ServiceLoader}: add {@code dev.recall:recall-near-cache} and set
 * {@link dev.recall.function.FunctionCacheConfig.Builder#nearCache} on a cache.
 */
@NullMarked
package dev.recall.nearcache;

import org.jspecify.annotations.NullMarked;
