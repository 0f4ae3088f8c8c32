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

  /** {@return the policy these scripts implement} */
  EvictionPolicy policy();

  /**
   * {@return the read script, the whole hit path} Keys: the five common keys. {@code ARGV}: field, lease time in ms
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
   * {@return the touch script, which replays hits a near cache answered in the order the read script would have
   * recorded them} Keys: data, order, sequence. {@code ARGV}: pairs of field and hit count. It returns how many
   * fields were still held. Policies whose hits change nothing (FIFO, RR) are never touched.
   */
  Script touch();

  /**
   * {@return the store script} Keys: the five common keys, the pair's invalidation channel, then optionally the
   * cache's registry hash (left out on a Redis Cluster when the registry is on another slot than the pair; the engine
   * then registers the pair itself before storing). {@code ARGV}: field, value, max size, TTL in ms ({@code 0}:
   * none), lease token (empty: none), registry member, how many expired entries to trim at most, the publish command
   * ({@code PUBLISH} or {@code SPUBLISH}), and for a cache that refreshes ahead or serves stale values the TTL before
   * the entry turns stale and the stale window, both in ms (the value is then stored behind a stamp). It evicts until
   * there is room, stores, releases the caller's lease, and publishes one message naming every entry it removed or
   * overwrote; it returns how many entries the policy evicted.
   */
  Script store();

  /**
   * {@return the script that removes fields} Keys: data, order, expiry, invalidation channel. {@code ARGV}: the
   * publish command, then the fields. It publishes the fields when any existed and returns how many existed.
   */
  Script remove();

  /** {@return the script that counts live entries} Keys: data, expiry. It returns the entries not yet expired. */
  Script size();

  /**
   * {@return the script that deletes a whole pair} Keys: data, order, expiry, sequence, invalidation channel.
   * {@code ARGV}: the publish command. It publishes {@code *} when the pair held entries and returns how many live
   * entries it held.
   */
  Script clear();

  /**
   * {@return the script that deletes a whole pair whatever its keys hold (one held a foreign type), reading nothing
   * first} Keys and {@code ARGV} as {@link #clear()}; it always publishes {@code *} and returns how many of its keys
   * existed.
   */
  Script drop();

  /**
   * {@return the script that releases a lease the caller holds} Keys: the lease key. {@code ARGV}: the token. It
   * returns 1 when released.
   */
  Script release();
}
