/**
 * The contract that drivers and extension modules implement or call, and nothing else: drivers implement
 * {@link dev.recall.spi.RedisDriver} and {@link dev.recall.spi.DriverConnection} and send
 * {@link dev.recall.spi.Command}s; extension modules build commands with {@code Command}'s factories and
 * {@link dev.recall.spi.Script}s, read replies with {@link dev.recall.spi.Replies} and run them through a client's
 * {@link dev.recall.spi.CommandExecutor}. Feature extension points live beside their feature
 * ({@code dev.recall.function.spi}, {@code dev.recall.stream.spi}).
 */
@NullMarked
package dev.recall.spi;

import org.jspecify.annotations.NullMarked;
