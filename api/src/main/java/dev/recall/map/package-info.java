/**
 * A namespaced map over one Redis hash, obtained from
 * {@link dev.recall.RecallClient#map(String, dev.recall.codec.Codec, dev.recall.codec.Codec)}.
 */
@NullMarked
package dev.recall.map;

import org.jspecify.annotations.NullMarked;
