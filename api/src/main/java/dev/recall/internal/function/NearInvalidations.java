package dev.recall.internal.function;

import dev.recall.ModuleNotFoundException;
import dev.recall.function.NearCacheConfig;
import dev.recall.function.spi.LocalStoreProvider;
import dev.recall.function.spi.PolicyScripts;
import dev.recall.internal.ServiceProviders;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.Subscriber;
import dev.recall.spi.SubscriptionListener;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The near caches of one function cache and the subscription that keeps them correct: one {@link Subscriber} (sharded
 * channels on a cluster), one channel per key pair, each message routed to its pair's {@link NearTier}. A message
 * names the fields a script removed or overwrote, separated by spaces, or is {@code *} for the whole pair.
 * Thread-safe.
 */
final class NearInvalidations implements SubscriptionListener, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(NearInvalidations.class.getName());

  private final String cache;
  private final NearCacheConfig config;
  private final LocalStoreProvider stores;
  private final Supplier<Subscriber> opener;
  private volatile Subscriber subscriber;
  private final ConcurrentHashMap<String, NearTier> tiers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @throws ModuleNotFoundException when no local store provider ({@code recall-near-cache}) is on the class path
   */
  NearInvalidations(String cache, NearCacheConfig config, CommandExecutor executor) {
    this.cache = cache;
    this.config = config;
    this.stores = ServiceProviders.first(LocalStoreProvider.class,
        "dev.recall:recall-near-cache (the near cache's local store, over Caffeine)");
    this.opener = () -> executor.subscriber(this, config.pingInterval());
  }

  /** Returns the near cache of a pair, subscribing its channel the first time. */
  NearTier tier(PairKeys keys, PolicyScripts scripts, boolean replays, CommandExecutor executor) {
    String channel = NearTier.key(keys.channel());
    NearTier tier = tiers.get(channel);
    if (tier != null) {
      return tier;
    }
    synchronized (this) {
      tier = tiers.get(channel);
      if (tier == null) {
        if (closed) {
          throw new IllegalStateException("the function cache '" + cache + "' is closed");
        }
        tier = new NearTier(stores.create(config.maxEntries()), config, replays, executor, scripts, keys);
        tiers.put(channel, tier);
        if (subscriber == null) {
          subscriber = opener.get();
        }
        subscriber.subscribe(keys.channel());
      }
      return tier;
    }
  }

  @Override
  public void message(byte[] channel, byte[] payload) {
    NearTier tier = tiers.get(NearTier.key(channel));
    if (tier == null) {
      return;
    }
    if (payload.length == 1 && payload[0] == '*') {
      tier.invalidateAll();
      return;
    }
    int start = 0;
    for (int i = 0; i <= payload.length; i++) {
      if (i == payload.length || payload[i] == ' ') {
        if (i > start) {
          tier.invalidate(new String(payload, start, i - start, StandardCharsets.ISO_8859_1));
        }
        start = i + 1;
      }
    }
  }

  @Override
  public void subscribed(byte[] channel) {
    NearTier tier = tiers.get(NearTier.key(channel));
    if (tier != null) {
      tier.subscribed();
    }
  }

  @Override
  public void lost(byte[] channel, Throwable cause) {
    NearTier tier = tiers.get(NearTier.key(channel));
    if (tier != null) {
      tier.lost();
      LOG.log(Level.INFO, "function cache ''{0}'': the near cache of {1} is emptied and bypassed until its"
          + " invalidations are subscribed again ({2})", cache, NearTier.key(channel), cause.toString());
    }
  }

  /** Closes the subscription and empties every near cache. */
  @Override
  public synchronized void close() {
    closed = true;
    if (subscriber != null) {
      subscriber.close();
    }
    tiers.values().forEach(NearTier::close);
  }
}
