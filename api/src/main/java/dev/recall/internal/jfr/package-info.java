/**
 * The function cache's Java Flight Recorder events, with the JDK's own {@code jdk.jfr}: loads, outages and stampede
 * waits (the streams module records its handler calls itself). The event classes are package-private; the engine
 * starts and ends them through {@link dev.recall.internal.jfr.RecallEvents}, which does nothing (and allocates
 * nothing) while an event is disabled.
 */
@NullMarked
package dev.recall.internal.jfr;

import org.jspecify.annotations.NullMarked;
