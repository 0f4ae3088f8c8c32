/**
 * FIFO queues over a Redis list, shared by any number of producers and consumers in any number of processes, with
 * an optional reliable mode; obtained from {@link dev.recall.RecallClient#queue(String, dev.recall.codec.Codec)}.
 */
@NullMarked
package dev.recall.queue;

import org.jspecify.annotations.NullMarked;
