/**
 * The driver SPI: {@link dev.recall.spi.RedisDriver} and {@link dev.recall.spi.DriverConnection}, which drivers
 * implement, and the byte-level {@link dev.recall.spi.Command}s the engine sends through them.
 */
@NullMarked
package dev.recall.spi;

import org.jspecify.annotations.NullMarked;
