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
   * ({@code 0}: take no lease), lease token, {@code 1} when entries may expire. Returns the value on a hit (and
   * updates the bookkeeping); on a miss nil without a lease, {@code 0} when the caller now holds the lease, or the
   * lease's remaining milliseconds when another caller holds it.
   */
  Script read();

  /**
   * The store script. Keys: the five common keys, then optionally the cache's registry hash (left out on a Redis
   * Cluster when the registry is on another slot than the pair; the engine then registers the pair itself before
   * storing). {@code ARGV}: field, value,
   * max size, TTL in ms ({@code 0}: none), lease token (empty: none), registry member, how many expired entries to
   * trim at most. Evicts until there is room, stores, releases the caller's lease; returns how many entries the
   * policy evicted.
   */
  Script store();

  /** Removes fields. Keys: data, order, expiry. {@code ARGV}: the fields. Returns how many existed. */
  Script remove();

  /** Counts live entries. Keys: data, expiry. Returns the entries not yet expired. */
  Script size();

  /** Deletes a whole pair. Keys: data, order, expiry, sequence. Returns how many live entries it held. */
  Script clear();

  /** Releases a lease the caller holds. Keys: the lease key. {@code ARGV}: the token. Returns 1 when released. */
  Script release();
}
