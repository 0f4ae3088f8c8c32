package dev.recall.internal.tracking;

import dev.recall.spi.CommandExecutor;
import dev.recall.tracking.CallDecorator;
import dev.recall.tracking.CallTracker;
import dev.recall.tracking.Replay;
import dev.recall.tracking.TrackingOptions;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link CallTracker}: hands out decorators and proxies, all adapted onto one {@link CallRecorder}, and reads
 * or clears what they recorded. A call's count and history go to Redis in one script, so the two lists stay
 * aligned under concurrency. Thread-safe.
 */
public final class DefaultCallTracker implements CallTracker {
  private final CommandExecutor executor;
  private final TrackingOptions options;
  private final TrackingStore store;
  private final CallRecorder recorder;

  /**
   * Creates a tracker storing calls with the given options.
   *
   * @param cluster whether the client is on a Redis Cluster: the name in each key is then wrapped in a hash tag,
   *     {@code <prefix>{<name>}}, so the counter and both lists share a slot and one script can touch all three
   */
  public DefaultCallTracker(CommandExecutor executor, TrackingOptions options, boolean cluster) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.options = Objects.requireNonNull(options, "options");
    this.store = new TrackingStore(options, cluster, executor.commandTimeout());
    this.recorder = new CallRecorder(executor, store, options.mapper().writer());
  }

  @Override
  public TrackingOptions options() {
    return options;
  }

  @Override
  public CallDecorator countCalls(String name) {
    return decorator(name, true, false);
  }

  @Override
  public CallDecorator callHistory(String name) {
    return decorator(name, false, true);
  }

  @Override
  public CallDecorator trackCalls(String name) {
    return decorator(name, true, true);
  }

  private CallDecorator decorator(String name, boolean count, boolean history) {
    return new TrackingDecorator(recorder, new Site(store.checkName(name), count, history));
  }

  @Override
  public <I> I countCalls(Class<I> type, I target) {
    return TrackingProxy.create(recorder, type, target, true, false);
  }

  @Override
  public <I> I callHistory(Class<I> type, I target) {
    return TrackingProxy.create(recorder, type, target, false, true);
  }

  @Override
  public <I> I trackCalls(Class<I> type, I target) {
    return TrackingProxy.create(recorder, type, target, true, true);
  }

  @Override
  public long count(String name) {
    String checked = store.checkName(name);
    return store.countOf(checked, executor.execute(store.count(checked)));
  }

  @Override
  public Replay replay(String name) {
    return executor.execute(store.replay(store.checkName(name)));
  }

  @Override
  public void clear(String name) {
    executor.execute(store.clear(store.checkName(name)));
  }

  @Override
  public CompletableFuture<Long> countAsync(String name) {
    String checked = store.checkName(name);
    return executor.executeAsync(store.count(checked)).thenApply(value -> store.countOf(checked, value));
  }

  @Override
  public CompletableFuture<Replay> replayAsync(String name) {
    return executor.executeAsync(store.replay(store.checkName(name)));
  }

  @Override
  public CompletableFuture<Void> clearAsync(String name) {
    return executor.executeAsync(store.clear(store.checkName(name))).thenApply(removed -> null);
  }
}
