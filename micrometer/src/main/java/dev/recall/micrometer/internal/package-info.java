/** The meters behind the public binders; may change without notice. */
@NullMarked
package dev.recall.micrometer.internal;

import org.jspecify.annotations.NullMarked;
