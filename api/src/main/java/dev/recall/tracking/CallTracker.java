package dev.recall.tracking;

import dev.recall.RecallCodecException;
import dev.recall.RecallConnectionException;
import java.util.concurrent.CompletableFuture;

/**
 * Counts and records calls in Redis under a name, in the seed's key layout so other tools can read it: the counter
 * {@code <prefix><name>} (an integer), and the lists {@code <prefix><name>:inputs} (each call's arguments as a JSON
 * array) and {@code <prefix><name>:outputs} (each call's result as JSON, or the exception it threw), aligned one to
 * one. The count and both appends of one call reach Redis in one round trip, atomically (a Lua script), so
 * concurrent calls from any number of threads or processes keep the lists aligned. On a Redis Cluster the name is
 * wrapped in a hash tag, {@code <prefix>{<name>}}, {@code <prefix>{<name>}:inputs} and
 * {@code <prefix>{<name>}:outputs}, so the three keys share a slot (a name starting with '}' is then refused with an {@link IllegalArgumentException}).
 *
 * <p>Tracking never changes what a function returns or throws. Arguments and result are encoded before anything is
 * written; when they cannot be encoded the call fails with {@link RecallCodecException} and nothing is recorded.
 * When Redis cannot be reached the call's outcome is returned anyway and the failed recording is logged
 * ({@code System.Logger}, level WARNING). Thread-safe; obtained from {@link dev.recall.RecallClient#tracking()}.
 */
public interface CallTracker {

  /** {@return the options this tracker stores calls with} */
  TrackingOptions options();

  /**
   * Returns a decorator that counts calls under {@code name}, like the seed's {@code count_calls}.
   *
   * @param name the name to count under; the counter's key is derived from it
   * @return a decorator that counts
   * @throws IllegalArgumentException when the name is blank
   */
  CallDecorator countCalls(String name);

  /**
   * Returns a decorator that records each call's inputs and output under {@code name}, like {@code call_history}.
   *
   * @param name the name to record under; the history's keys are derived from it
   * @return a decorator that records
   * @throws IllegalArgumentException when the name is blank
   */
  CallDecorator callHistory(String name);

  /**
   * Returns a decorator that both counts and records, in one round trip per call.
   *
   * @param name the name to track under
   * @return a decorator that counts and records
   * @throws IllegalArgumentException when the name is blank
   */
  CallDecorator trackCalls(String name);

  /**
   * Returns a proxy of {@code type} that counts calls of its methods, each under {@code Interface.method} (the
   * interface's simple name) or its {@link Tracked} name; see {@link Tracked} for which methods are tracked.
   *
   * @param <I> the interface type
   * @param type the interface the proxy implements
   * @param target the object whose methods the proxy calls
   * @return a proxy that counts calls, then returns or throws what {@code target} does
   * @throws IllegalArgumentException when {@code type} is not an interface
   */
  <I> I countCalls(Class<I> type, I target);

  /**
   * Returns a proxy of {@code type} that records calls of its methods; see {@link #countCalls(Class, Object)}.
   *
   * @param <I> the interface type
   * @param type the interface the proxy implements
   * @param target the object whose methods the proxy calls
   * @return a proxy that records calls, then returns or throws what {@code target} does
   * @throws IllegalArgumentException when {@code type} is not an interface
   */
  <I> I callHistory(Class<I> type, I target);

  /**
   * Returns a proxy of {@code type} that counts and records calls; see {@link #countCalls(Class, Object)}.
   *
   * @param <I> the interface type
   * @param type the interface the proxy implements
   * @param target the object whose methods the proxy calls
   * @return a proxy that counts and records calls, then returns or throws what {@code target} does
   * @throws IllegalArgumentException when {@code type} is not an interface
   */
  <I> I trackCalls(Class<I> type, I target);

  /**
   * Returns how many calls were counted under {@code name}, 0 when none.
   *
   * @param name the tracked name
   * @return the counter's value
   * @throws IllegalArgumentException when the name is blank
   * @throws RecallConnectionException when Redis cannot be reached
   */
  long count(String name);

  /**
   * Returns the count and the recorded calls of {@code name}, read atomically in one round trip; a name never
   * tracked has count 0 and no calls. {@link Replay#render()} prints it in the seed's layout.
   *
   * @param name the tracked name
   * @return the count and the recorded calls, oldest first
   * @throws IllegalArgumentException when the name is blank
   * @throws RecallConnectionException when Redis cannot be reached
   */
  Replay replay(String name);

  /**
   * Removes the counter and the history of {@code name} in one command.
   *
   * @param name the tracked name; nothing happens when it has no counter or history
   * @throws IllegalArgumentException when the name is blank
   * @throws RecallConnectionException when Redis cannot be reached
   */
  void clear(String name);

  /**
   * Completes with {@link #count(String)} without blocking.
   *
   * @param name the tracked name
   * @return a future of the counter's value
   */
  CompletableFuture<Long> countAsync(String name);

  /**
   * Completes with {@link #replay(String)} without blocking.
   *
   * @param name the tracked name
   * @return a future of the count and the recorded calls
   */
  CompletableFuture<Replay> replayAsync(String name);

  /**
   * Completes when {@link #clear(String)} is done, without blocking.
   *
   * @param name the tracked name
   * @return a future that completes with {@code null} once the keys are removed
   */
  CompletableFuture<Void> clearAsync(String name);
}
