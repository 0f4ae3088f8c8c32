/**
 * Call tracking: count a function's calls, record each call's inputs and output in Redis, and replay them. Obtain a
 * {@link dev.recall.tracking.CallTracker} from {@link dev.recall.RecallClient#tracking()}.
 */
@NullMarked
package dev.recall.tracking;

import org.jspecify.annotations.NullMarked;
