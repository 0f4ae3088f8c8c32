/**
 * The Redis Streams implementation behind {@link dev.recall.stream.Streams}, found by
 * {@link dev.recall.RecallClient#streams()} through {@link dev.recall.stream.spi.StreamsProvider}. Internal: may
 * change.
 */
@NullMarked
package dev.recall.streams.internal;

import org.jspecify.annotations.NullMarked;
