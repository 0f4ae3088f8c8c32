/** The Recall driver on Jedis; found by {@link java.util.ServiceLoader} under the name {@code jedis}. */
@NullMarked
package dev.recall.jedis;

import org.jspecify.annotations.NullMarked;
