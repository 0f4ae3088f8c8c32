/**
 * Redis Streams: a {@link dev.recall.stream.Sender} adds {@link dev.recall.stream.Message}s to channels and a
 * {@link dev.recall.stream.Consumer} reads them in consumer groups, with retries, dead letters, reclaim of
 * abandoned entries and cleanup. Obtain both from {@link dev.recall.RecallClient#streams()}; the implementation is
 * in {@code dev.recall:recall-streams}.
 */
@NullMarked
package dev.recall.stream;

import org.jspecify.annotations.NullMarked;
