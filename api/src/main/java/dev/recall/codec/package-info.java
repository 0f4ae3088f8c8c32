/** Codecs that turn values into bytes for Redis: JSON through Jackson by default, strings and raw bytes. */
@NullMarked
package dev.recall.codec;

import org.jspecify.annotations.NullMarked;
