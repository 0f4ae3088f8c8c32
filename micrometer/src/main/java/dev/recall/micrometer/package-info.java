/**
 * Micrometer meters for Recall: {@link dev.recall.micrometer.RecallCacheMetrics} binds a function cache under the
 * standard cache meter names ({@code cache.gets}, {@code cache.puts}, ...) plus Recall's own
 * ({@code recall.cache.*}), and {@link dev.recall.micrometer.RecallStreamMetrics} counts and times a stream
 * consumer's work ({@code recall.stream.*}). Users bring their own registry.
 */
@NullMarked
package dev.recall.micrometer;

import org.jspecify.annotations.NullMarked;
