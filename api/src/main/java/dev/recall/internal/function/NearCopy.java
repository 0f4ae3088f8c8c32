package dev.recall.internal.function;

import org.jspecify.annotations.Nullable;

/**
 * A decoded value the near cache holds, with the ticket of the read or write that installed it: the copy is served
 * only while its field's ticket still equals that one, so no invalidation, clear or loss of the subscription that
 * happened after its read, in whatever order with its insertion into the local store, lets it be served.
 *
 * @param value the value, {@code null} for a cached {@code null}
 * @param ticket the ticket it was installed under (see {@link NearTier#ticket})
 */
record NearCopy(@Nullable Object value, long ticket) {}
