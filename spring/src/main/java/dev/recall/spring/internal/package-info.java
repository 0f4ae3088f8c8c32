/** The Spring module's implementation; not API, may change. */
@NullMarked
package dev.recall.spring.internal;

import org.jspecify.annotations.NullMarked;
