package dev.recall.internal.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.function.NearCacheConfig;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The read/invalidate race of the near tier, played deterministically: a reader's install has passed its ticket check
 * and is held (by a local store whose {@code put} blocks on latches) while the field is invalidated, the pair cleared
 * or the subscription lost and regained; the copy it then puts must never be served. No Redis: the tier alone.
 */
@Timeout(30)
class NearTierRaceTest {
  private static final String KEY = "f0";

  private final HeldStore store = new HeldStore();
  private final NearTier tier = new NearTier(store, NearCacheConfig.of(100), false, null, null, keys());
  private final ExecutorService reader = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    store.release.countDown();
    store.proceed.countDown();
    reader.shutdownNow();
  }

  @Test
  void install_racingAnInvalidation_isNeverServed() throws Exception {
    tier.subscribed();
    Future<?> install = installHeldAfterItsCheck();
    tier.invalidate(KEY);
    letThePutLand();

    assertThat(tier.lookup(KEY)).as("the copy read before the invalidation").isNull();
    finish(install);
    assertThat(tier.lookup(KEY)).isNull();
  }

  @Test
  void install_racingAClear_isNeverServed() throws Exception {
    tier.subscribed();
    Future<?> install = installHeldAfterItsCheck();
    tier.invalidateAll();
    letThePutLand();

    assertThat(tier.lookup(KEY)).as("the copy read before the clear").isNull();
    finish(install);
    assertThat(tier.lookup(KEY)).isNull();
  }

  @Test
  void install_racingALossAndResubscription_isNeverServed() throws Exception {
    tier.subscribed();
    Future<?> install = installHeldAfterItsCheck();
    tier.lost();
    tier.subscribed();
    letThePutLand();

    assertThat(tier.lookup(KEY)).as("the copy read before the subscription was lost").isNull();
    finish(install);
    assertThat(tier.lookup(KEY)).isNull();
  }

  @Test
  void install_withNothingInBetween_isServed() throws Exception {
    tier.subscribed();
    Future<?> install = installHeldAfterItsCheck();
    letThePutLand();
    finish(install);

    assertThat(tier.lookup(KEY)).isNotNull();
  }

  @Test
  void write_racingAReadOfTheOldValue_servesOnlyTheWrittenValue() throws Exception {
    tier.subscribed();
    long write = tier.beginWrite(KEY);
    // A reader takes its ticket after the write began, its read runs in Redis before the write, and its install is
    // held after its check until the write was acknowledged.
    long read = tier.ticket(KEY);
    Future<?> install = reader.submit(() -> tier.install(KEY, read, "old", System.nanoTime(), -1));
    assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
    tier.endWrite(KEY, write, true, "new", System.nanoTime(), -1);
    assertThat(value(tier.lookup(KEY))).isEqualTo("new");
    letThePutLand();

    assertThat(tier.lookup(KEY)).as("the reader's copy of the old value, put over the written one").isNull();
    finish(install);
    assertThat(tier.lookup(KEY)).isNull();
  }

  @Test
  void write_afterAnotherInvalidationOfItsField_keepsNoCopy() {
    tier.subscribed();
    store.proceed.countDown();
    store.release.countDown();
    long write = tier.beginWrite(KEY);
    // Another JVM wrote the field after this JVM's write: its invalidation arrived before this write's answer.
    tier.invalidate(KEY);
    tier.endWrite(KEY, write, true, "mine", System.nanoTime(), -1);

    assertThat(tier.lookup(KEY)).isNull();
  }

  @Test
  void write_withNothingInBetween_keepsItsCopy() {
    tier.subscribed();
    store.proceed.countDown();
    store.release.countDown();
    long write = tier.beginWrite(KEY);
    tier.endWrite(KEY, write, true, "mine", System.nanoTime(), -1);

    assertThat(value(tier.lookup(KEY))).isEqualTo("mine");
  }

  @Test
  void write_thatFailed_keepsNoCopy() {
    tier.subscribed();
    store.proceed.countDown();
    store.release.countDown();
    tier.install(KEY, tier.ticket(KEY), "before", System.nanoTime(), -1);
    long write = tier.beginWrite(KEY);
    tier.endWrite(KEY, write, false, "lost", System.nanoTime(), -1);

    assertThat(tier.lookup(KEY)).isNull();
  }

  /** Starts a reader's install of an old value whose ticket was taken now; returns once its put has begun. */
  private Future<?> installHeldAfterItsCheck() throws InterruptedException {
    long ticket = tier.ticket(KEY);
    Future<?> install = reader.submit(() -> tier.install(KEY, ticket, "old", System.nanoTime(), -1));
    assertThat(store.entered.await(10, TimeUnit.SECONDS)).as("the install reached the store").isTrue();
    return install;
  }

  /** Lets the held put write its entry, and waits until it has (the install has not returned yet). */
  private void letThePutLand() throws InterruptedException {
    store.proceed.countDown();
    assertThat(store.inserted.await(10, TimeUnit.SECONDS)).as("the put landed").isTrue();
  }

  private void finish(Future<?> install) throws Exception {
    store.release.countDown();
    install.get(10, TimeUnit.SECONDS);
  }

  private static @Nullable Object value(@Nullable NearCopy held) {
    return held == null ? null : held.value();
  }

  private static PairKeys keys() {
    byte[] b = "k".getBytes(StandardCharsets.US_ASCII);
    return new PairKeys(b, b, b, b, b, b, b, b);
  }

  /**
   * A local store whose first {@code put} (the racing reader's) stops before it writes (until {@link #proceed}) and after (until
   * {@link #release}), as a slow insert with eviction work on the caller's thread would.
   */
  private static final class HeldStore extends MapLocalStore {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch proceed = new CountDownLatch(1);
    final CountDownLatch inserted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean first = new AtomicBoolean(true);

    @Override
    public void put(String key, Object value, long deadlineNanos) {
      if (!first.compareAndSet(true, false)) {
        super.put(key, value, deadlineNanos);
        return;
      }
      entered.countDown();
      await(proceed);
      super.put(key, value, deadlineNanos);
      inserted.countDown();
      await(release);
    }

    private static void await(CountDownLatch latch) {
      try {
        if (!latch.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never released the store");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
