package dev.recall.spring;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.Caching;

/** The cached service of the test application: every method counts its real runs. */
public class Catalog {
  /** Runs of the real methods, by all instances in this JVM (two application contexts share it). */
  static final AtomicInteger RUNS = new AtomicInteger();
  /** Holds {@link #slow} until released, so concurrent callers overlap. */
  static volatile CountDownLatch gate = new CountDownLatch(0);

  record Price(String sku, long cents) { }

  @Cacheable("prices")
  public Price price(String sku) {
    RUNS.incrementAndGet();
    return new Price(sku, sku.length() * 100L);
  }

  @Cacheable("prices")
  public Price price(String sku, int quantity) {
    RUNS.incrementAndGet();
    return new Price(sku, sku.length() * 100L * quantity);
  }

  @CachePut(value = "prices", key = "#sku")
  public Price reprice(String sku, long cents) {
    RUNS.incrementAndGet();
    return new Price(sku, cents);
  }

  @CacheEvict("prices")
  public void forget(String sku) {
  }

  @CacheEvict(value = "prices", allEntries = true)
  public void forgetAll() {
  }

  @Caching(evict = @CacheEvict("lists"), put = @CachePut(value = "prices", key = "#sku"))
  public Price replace(String sku) {
    RUNS.incrementAndGet();
    return new Price(sku, 1);
  }

  @Cacheable("lists")
  public List<Price> list(String sku) {
    RUNS.incrementAndGet();
    return List.of(new Price(sku, 1), new Price(sku + "-2", 2));
  }

  @Cacheable("optionals")
  public Optional<Price> find(String sku) {
    RUNS.incrementAndGet();
    return sku.isEmpty() ? Optional.empty() : Optional.of(new Price(sku, 3));
  }

  @Cacheable("nulls")
  public Price missing(String sku) {
    RUNS.incrementAndGet();
    return null;
  }

  @Cacheable("strict")
  public Price strictMissing(String sku) {
    RUNS.incrementAndGet();
    return null;
  }

  @Cacheable("short")
  public long stamp(String key) {
    return RUNS.incrementAndGet();
  }

  @Cacheable("prices")
  public Price byObject(Object widget) {
    RUNS.incrementAndGet();
    return new Price("w", 0);
  }

  @Cacheable("async")
  public CompletableFuture<Price> priceAsync(String sku) {
    RUNS.incrementAndGet();
    return CompletableFuture.completedFuture(new Price(sku, 9));
  }

  @Cacheable(value = "async-sync", sync = true)
  public CompletableFuture<Price> priceAsyncOnce(String sku) {
    RUNS.incrementAndGet();
    return CompletableFuture.supplyAsync(() -> new Price(sku, 11));
  }

  @Cacheable(value = "sync", sync = true)
  public String slow(String key) throws InterruptedException {
    RUNS.incrementAndGet();
    if (!gate.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the test never opened the gate");
    }
    return "computed " + key;
  }
}
