/** Redis Streams: a sender and consumer groups with retries, dead letters, reclaim and cleanup. */
@NullMarked
package dev.recall.streams;

import org.jspecify.annotations.NullMarked;
