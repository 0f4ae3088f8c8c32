package dev.recall.examples.spring;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** A slow price look-up, cached with Spring's annotations in Recall's caches. */
@Service
public class PricingService {
  private final AtomicInteger lookups = new AtomicInteger();

  /** Looks a price up; cached in "prices" (an LFU cache, see application.properties). */
  @Cacheable("prices")
  public Price price(String sku) {
    lookups.incrementAndGet();
    return new Price(sku, 100L * sku.length());
  }

  /** Prices several articles at once; concurrent callers in every instance share one computation (the lease). */
  @Cacheable(value = "quotes", sync = true)
  public List<Price> quote(List<String> skus) {
    lookups.incrementAndGet();
    return skus.stream().map(sku -> new Price(sku, 100L * sku.length())).toList();
  }

  /** Sets a price: the cached one is replaced. */
  @CachePut(value = "prices", key = "#sku")
  public Price reprice(String sku, long cents) {
    return new Price(sku, cents);
  }

  /** Forgets one cached price. */
  @CacheEvict("prices")
  public void forget(String sku) {
  }

  /** Returns how many look-ups really ran. */
  public int lookups() {
    return lookups.get();
  }
}
