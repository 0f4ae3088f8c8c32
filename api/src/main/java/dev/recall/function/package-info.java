/**
 * The function cache: memoize functions, lambdas and interfaces in Redis with eviction policies, TTL, stampede
 * protection and statistics. Start from {@link dev.recall.RecallClient#functionCache(FunctionCacheConfig)}.
 */
@NullMarked
package dev.recall.function;

import org.jspecify.annotations.NullMarked;
