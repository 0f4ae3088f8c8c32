package dev.recall.spring.internal;

import dev.recall.RecallClient;
import dev.recall.RecallException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The client of a cache manager, got on first use: an application may start while Redis is down, its caches failing
 * open until the client can connect. A failed attempt is remembered for a short while, so calls during an outage
 * do not each wait for a connection timeout. Thread-safe; a lock, not a monitor, so virtual threads are not pinned
 * while one connects.
 */
public final class ClientHandle {
  /** How long a failure to get the client is answered from memory before the next attempt. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final System.Logger LOG = System.getLogger(ClientHandle.class.getName());

  private final Supplier<RecallClient> source;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile @Nullable RecallClient client;
  private volatile @Nullable RuntimeException failure;
  private volatile long retryAt;

  /** Creates the handle; {@code source} connects (or returns a connected client) and may throw when it cannot. */
  public ClientHandle(Supplier<RecallClient> source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /**
   * Returns the client, getting it on first use.
   *
   * @throws RuntimeException what the source threw, at most once per {@link #RETRY_AFTER} (the same in between)
   */
  public RecallClient get() {
    RecallClient current = client;
    if (current != null) {
      return current;
    }
    lock.lock();
    try {
      if (client != null) {
        return client;
      }
      RuntimeException last = failure;
      if (last != null && System.nanoTime() - retryAt < 0) {
        throw last;
      }
      try {
        RecallClient got = Objects.requireNonNull(source.get(), "the client source returned null");
        client = got;
        failure = null;
        return got;
      } catch (RuntimeException e) {
        if (last == null) {
          // Logged once per outage: the caches fail open meanwhile, and each later attempt fails the same way.
          LOG.log(System.Logger.Level.WARNING, "Recall cannot connect to Redis ({0}); caches fail open where"
              + " configured to, and connecting is retried at most once a second", reason(e));
        }
        failure = e;
        retryAt = System.nanoTime() + RETRY_AFTER.toNanos();
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Recall's own message, for the log line: the source is a bean factory, which wraps it in a bean creation failure
   * whose message repeats the bean's definition around it.
   */
  private static @Nullable String reason(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RecallException) {
        return t.getMessage();
      }
    }
    return e.toString();
  }
}
