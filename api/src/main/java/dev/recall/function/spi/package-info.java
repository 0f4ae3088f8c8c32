/**
 * The function cache's extension point: {@link dev.recall.function.spi.PolicyScripts}, the Lua scripts of one
 * eviction policy, which {@code dev.recall:recall-policies} provides through {@link java.util.ServiceLoader}.
 */
@NullMarked
package dev.recall.function.spi;

import org.jspecify.annotations.NullMarked;
