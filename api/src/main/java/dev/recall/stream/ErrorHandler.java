package dev.recall.stream;

import org.jspecify.annotations.Nullable;

/**
 * Hears about every failure a consumer meets: handler exceptions, undecodable bodies, lost connections. It only
 * observes: the consumer goes on after calling it. It must not throw; what it throws is ignored.
 */
@FunctionalInterface
public interface ErrorHandler {

  /**
   * Reports a failure.
   *
   * @param channel the channel being consumed
   * @param entryId the entry concerned, or {@code null} for a failure of the read loop itself
   * @param error what went wrong
   */
  void onError(String channel, @Nullable String entryId, Throwable error);
}
