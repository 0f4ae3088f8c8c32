/** Eviction policies of the function cache, each an atomic Lua script run in one round trip. */
@NullMarked
package dev.recall.policies;

import org.jspecify.annotations.NullMarked;
