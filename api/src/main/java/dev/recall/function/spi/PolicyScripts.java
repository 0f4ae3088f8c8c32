package dev.recall.function.spi;

import dev.recall.function.EvictionPolicy;
import dev.recall.spi.Script;

/**
 * The Lua scripts of one eviction policy, found with {@link java.util.ServiceLoader} (the
 * {@code dev.recall:recall-policies} module provides one per {@link EvictionPolicy}). The function cache engine
 * calls them with the keys and arguments below; every key a script touches is passed in {@code KEYS}, and one set
 * of keys (a "pair": data hash, order set, expiry set, sequence counter) holds one cache or one function.
 *
 * <p>Common keys, in this order: {@code KEYS[1]} data hash (field: the call's key, value: the encoded result),
 * {@code KEYS[2]} order sorted set (the policy's bookkeeping), {@code KEYS[3]} expiry sorted set (field to expiry
 * time in ms), {@code KEYS[4]} sequence counter, {@code KEYS[5]} the field's lease key.
 */
public interface PolicyScripts {

  /** Returns the policy these scripts implement. */
  EvictionPolicy policy();

  /**
   * The read script, the whole hit path. Keys: the five common keys. {@code ARGV}: field, lease time in ms
   * ({@code 0}: take no lease), lease token, {@code 1} when entries may expire, and in the extended mode (a cache
   * that refreshes ahead, serves stale values or keeps a near cache) the refresh age in ms ({@code 0}: none), a
   * refresh lease's time in ms and {@code 1} when each hit should say how long its entry stays fresh. Returns the
   * value on a hit (and updates the bookkeeping); on a miss nil without a lease, {@code 0} when the caller now
   * holds the lease, or the lease's remaining milliseconds when another caller holds it. In the extended mode a hit
   * may be {@code {value, kind, n}} instead: {@code h} a hit, {@code r} a hit whose caller now holds the refresh
   * lease (both with {@code n} the ms the entry stays fresh, {@code -1} for ever), or {@code s} a stale entry, a
   * miss with {@code n} the miss reply.
   */
  Script read();

  /**
   * The touch script: replays hits a near cache answered, in the order the read script would have recorded them.
   * Keys: data, order, sequence. {@code ARGV}: pairs of field and hit count. Returns how many fields were still
   * held. Policies whose hits change nothing (FIFO, RR) are never touched.
   */
  Script touch();

  /**
   * The store script. Keys: the five common keys, the pair's invalidation channel, then optionally the cache's
   * registry hash (left out on a Redis Cluster when the registry is on another slot than the pair; the engine then
   * registers the pair itself before storing). {@code ARGV}: field, value, max size, TTL in ms ({@code 0}: none),
   * lease token (empty: none), registry member, how many expired entries to trim at most, the publish command
   * ({@code PUBLISH} or {@code SPUBLISH}), and for a cache that refreshes ahead or serves stale values the TTL before
   * the entry turns stale and the stale window, both in ms (the value is then stored behind a stamp). Evicts until
   * there is room, stores, releases the caller's lease, and publishes one message naming every entry it removed or
   * overwrote; returns how many entries the policy evicted.
   */
  Script store();

  /**
   * Removes fields. Keys: data, order, expiry, invalidation channel. {@code ARGV}: the publish command, then the
   * fields. Publishes the fields when any existed. Returns how many existed.
   */
  Script remove();

  /** Counts live entries. Keys: data, expiry. Returns the entries not yet expired. */
  Script size();

  /**
   * Deletes a whole pair. Keys: data, order, expiry, sequence, invalidation channel. {@code ARGV}: the publish
   * command. Publishes {@code *} when the pair held entries. Returns how many live entries it held.
   */
  Script clear();

  /**
   * Deletes a whole pair whatever its keys hold (one held a foreign type), reading nothing first. Keys and
   * {@code ARGV} as {@link #clear()}; always publishes {@code *}. Returns how many of its keys existed.
   */
  Script drop();

  /** Releases a lease the caller holds. Keys: the lease key. {@code ARGV}: the token. Returns 1 when released. */
  Script release();
}
