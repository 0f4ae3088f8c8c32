/** The function cache engine: key hashing, the core memoize path, single flight, stats and proxies. */
@NullMarked
package dev.recall.internal.function;

import org.jspecify.annotations.NullMarked;
