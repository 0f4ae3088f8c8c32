/**
 * The Recall driver on Lettuce: one shared, multiplexed connection for ordinary commands and a few dedicated
 * connections for blocking ones. Select it by adding {@code recall-driver-lettuce} to the class path.
 */
@NullMarked
package dev.recall.lettuce;

import org.jspecify.annotations.NullMarked;
