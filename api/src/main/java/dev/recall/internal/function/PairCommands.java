package dev.recall.internal.function;

import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.spi.PolicyScripts;
import dev.recall.internal.RedisCommands;
import dev.recall.spi.Command;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The commands of one memoized function on its key pair, through the policy's scripts: read (with or without a lease),
 * store, remove, release, register and drop. Argument bytes that never change are built once. Immutable.
 */
final class PairCommands {
  /** Identifies this JVM's leases; within the JVM single flight already makes one caller per key compute. */
  static final byte[] LEASE_TOKEN = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NO_TOKEN = new byte[0];
  private static final byte[] NO_LEASE = {'0'};
  private static final byte[] ONE = {'1'};
  private static final byte[] ZERO = {'0'};
  private static final byte[] TRIM_BATCH = {'6', '4'};

  private final PairKeys keys;
  private final byte[] registry;
  private final boolean storeRegisters;
  private final PolicyScripts scripts;
  private final FunctionCacheConfig config;
  private final byte[] leaseMillis;
  private final byte[] maxSize;
  private final byte[] mayExpire;
  /** Whether a call may hold the field's lease: for stampede protection, or to refresh ahead. */
  private final boolean usesLease;
  /**
   * The read script's refresh age in the extended mode ({@code 0} when only stale entries or a near cache call for
   * that mode), or {@code null} when the cache refreshes ahead, keeps stale entries and keeps a near cache none of
   * them: then the read is the plain one, unchanged.
   */
  private final byte @Nullable [] refreshAge;
  private final byte[] nearCopies;
  /** Whether stores stamp entries with their write and stale times: with refresh ahead or a stale window. */
  private final boolean stamped;
  private final byte[] refreshLease;
  /** The stale window in ms, {@code 0} without one. */
  private final long staleMillis;
  /** The refresh age in ms, {@code -1} without refresh ahead. */
  private final long refreshMillis;

  /**
   * @param storeRegisters whether the store script registers the pair in {@code registry} itself; when not (a
   *     cluster's per-function pairs live on other slots than the registry) each store is preceded by an
   *     {@code HSET} of the registry, so a pair holding data is always registered
   * @param refresh the function's refresh age, or {@code null} without refresh ahead
   * @param near whether the function has a near cache, whose copies need every hit to say how long it stays fresh
   */
  PairCommands(PairKeys keys, byte[] registry, boolean storeRegisters, PolicyScripts scripts,
      FunctionCacheConfig config, @Nullable Duration refresh, boolean near) {
    this.keys = keys;
    this.registry = registry;
    this.storeRegisters = storeRegisters;
    this.scripts = scripts;
    this.config = config;
    this.leaseMillis = config.stampedeProtection() ? ascii(config.leaseTime().toMillis()) : NO_LEASE;
    this.maxSize = ascii(config.maxSize());
    this.mayExpire = config.ttl() != null ? ONE : ZERO;
    this.staleMillis = config.staleIfError() == null ? 0 : config.staleIfError().toMillis();
    this.usesLease = config.stampedeProtection() || refresh != null;
    this.stamped = refresh != null || staleMillis > 0;
    this.refreshAge = refresh != null ? ascii(refresh.toMillis()) : stamped || near ? ZERO : null;
    this.nearCopies = near ? ONE : ZERO;
    this.refreshLease = ascii(config.leaseTime().toMillis());
    this.refreshMillis = refresh == null ? -1 : refresh.toMillis();
  }

  PairKeys keys() {
    return keys;
  }

  /** Whether each store must be preceded by {@link #register}. */
  boolean storeRegisters() {
    return storeRegisters;
  }

  /**
   * The field's lease key when stampede protection or refresh-ahead is on. Otherwise the scripts never touch the
   * lease key, so the shared lease prefix stands in for it: it is in the pair's slot, and no key is built per call.
   */
  byte[] lease(byte[] field) {
    return usesLease ? keys.lease(field) : keys.leasePrefix();
  }

  /** Reads an entry through the policy's script, taking the field's lease on a miss when the cache uses leases. */
  Command<@Nullable Object> read(byte[] field, byte[] lease) {
    return read(field, lease, leaseMillis, refreshAge);
  }

  /** Reads an entry as {@link #read} does, but takes no lease on a miss nor for a refresh (entry-level reads). */
  Command<@Nullable Object> peek(byte[] field) {
    // In the extended mode with refresh age 0: a look-up has no computation to refresh with.
    return read(field, lease(field), NO_LEASE, refreshAge == null ? null : ZERO);
  }

  private Command<@Nullable Object> read(byte[] field, byte[] lease, byte[] leaseTime, byte @Nullable [] age) {
    List<byte[]> readKeys = List.of(keys.data(), keys.order(), keys.expiry(), keys.sequence(), lease);
    return RedisCommands.evalsha(scripts.read(), readKeys, age == null
        ? List.of(field, leaseTime, LEASE_TOKEN, mayExpire)
        : List.of(field, leaseTime, LEASE_TOKEN, mayExpire, age, refreshLease, nearCopies));
  }

  /** The TTL of an entry stored now, jitter applied, in ms; {@code 0} without a TTL. */
  long ttlMillis() {
    if (config.ttl() == null) {
      return 0;
    }
    long millis = config.ttl().toMillis();
    if (config.ttlJitter() > 0) {
      millis -= (long) (ThreadLocalRandom.current().nextDouble() * config.ttlJitter() * millis);
    }
    return Math.max(1, millis);
  }

  /**
   * How long an entry stored with {@code ttlMillis} stays fresh, as a near copy may be served: until it expires (or
   * would turn stale) or is due for a refresh, whichever comes first; {@code -1} for never.
   */
  long freshMillis(long ttlMillis) {
    long fresh = ttlMillis > 0 ? ttlMillis : -1;
    return refreshMillis >= 0 && (fresh < 0 || refreshMillis < fresh) ? refreshMillis : fresh;
  }

  /** Stores an entry through the policy's script, for {@code ttlMillis} ({@code 0}: no TTL). */
  Command<@Nullable Object> store(byte[] field, byte[] lease, byte[] value, long ttlMillis) {
    List<byte[]> storeKeys = storeRegisters
        ? List.of(keys.data(), keys.order(), keys.expiry(), keys.sequence(), lease, keys.channel(), registry)
        : List.of(keys.data(), keys.order(), keys.expiry(), keys.sequence(), lease, keys.channel());
    byte[] token = usesLease ? LEASE_TOKEN : NO_TOKEN;
    if (!stamped) {
      return RedisCommands.evalsha(scripts.store(), storeKeys, List.of(field, value, maxSize,
          ttlMillis == 0 ? ZERO : ascii(ttlMillis), token, keys.prefix(), TRIM_BATCH, keys.publish()));
    }
    // A stamped entry: Redis keeps it for the stale window past the time it turns stale.
    long keptMillis = ttlMillis == 0 ? 0 : ttlMillis + staleMillis;
    return RedisCommands.evalsha(scripts.store(), storeKeys, List.of(field, value, maxSize, ascii(keptMillis), token,
        keys.prefix(), TRIM_BATCH, keys.publish(), ascii(ttlMillis), ascii(staleMillis)));
  }

  /** Removes one entry through the policy's script. */
  Command<@Nullable Object> remove(byte[] field) {
    return remove(scripts, keys, List.of(field));
  }

  /** Removes entries of a pair through the policy's script, which names them on the pair's channel. */
  static Command<@Nullable Object> remove(PolicyScripts scripts, PairKeys keys, List<byte[]> fields) {
    List<byte[]> args = new ArrayList<>(fields.size() + 1);
    args.add(keys.publish());
    args.addAll(fields);
    return RedisCommands.evalsha(scripts.remove(), List.of(keys.data(), keys.order(), keys.expiry(), keys.channel()),
        args);
  }

  /** Registers the pair in the cache's registry, for a store script that cannot (another slot on a cluster). */
  Command<Long> register() {
    return RedisCommands.hset(registry, Map.of(keys.prefix(), ONE));
  }

  /** Releases this JVM's lease, if it still holds it. */
  Command<@Nullable Object> release(byte[] lease) {
    return RedisCommands.evalsha(scripts.release(), List.of(lease), List.of(LEASE_TOKEN));
  }

  /** Deletes the whole pair through the drop script, as the clear script would read the foreign keys and fail. */
  Command<@Nullable Object> dropPair() {
    return RedisCommands.evalsha(scripts.drop(),
        List.of(keys.data(), keys.order(), keys.expiry(), keys.sequence(), keys.channel()), List.of(keys.publish()));
  }

  private static byte[] ascii(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }
}
