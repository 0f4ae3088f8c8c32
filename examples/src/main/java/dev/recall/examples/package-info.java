/** Runnable examples: the tour and the commands that check Recall from outside. */
@NullMarked
package dev.recall.examples;

import org.jspecify.annotations.NullMarked;
