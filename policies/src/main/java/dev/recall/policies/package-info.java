/**
 * Eviction policies of the function cache, each a pair of atomic Lua scripts (read and store) run in one round
 * trip each, plus the scripts all policies share. Registered with {@link java.util.ServiceLoader} as
 * {@link dev.recall.function.spi.PolicyScripts}.
 */
@NullMarked
package dev.recall.policies;

import org.jspecify.annotations.NullMarked;
