/**
 * Recall's public API: connect with {@link dev.recall.Recall#connect(dev.recall.RedisConfig)} and obtain every
 * feature from the returned {@link dev.recall.RecallClient}.
 */
@NullMarked
package dev.recall;

import org.jspecify.annotations.NullMarked;
