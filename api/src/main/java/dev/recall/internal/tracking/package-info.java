/**
 * Call tracking: one recording path that every functional type and the interface proxies adapt onto, and the
 * Redis layout of a tracked name (a counter and two aligned history lists).
 */
@NullMarked
package dev.recall.internal.tracking;

import org.jspecify.annotations.NullMarked;
