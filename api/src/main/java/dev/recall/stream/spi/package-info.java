/**
 * The streams feature's extension point: {@link dev.recall.stream.spi.StreamsProvider}, which
 * {@code dev.recall:recall-streams} implements and {@link java.util.ServiceLoader} finds.
 */
@NullMarked
package dev.recall.stream.spi;

import org.jspecify.annotations.NullMarked;
