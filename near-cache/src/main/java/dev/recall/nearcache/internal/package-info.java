/** The Caffeine-backed store; may change without notice. */
@NullMarked
package dev.recall.nearcache.internal;

import org.jspecify.annotations.NullMarked;
