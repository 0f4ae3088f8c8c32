package dev.recall.micrometer.internal;

import io.micrometer.core.instrument.Clock;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A gauge's value read from a costly source (a Redis round trip) at most once per interval: reads in between return
 * the last value. A failed read keeps the last value (NaN before the first success), so a scrape during an outage
 * neither throws nor waits for Redis more than once per interval. Thread-safe: concurrent scrapes read the source
 * once.
 */
public final class PeriodicReading {
  private static final System.Logger LOG = System.getLogger(PeriodicReading.class.getName());

  private final LongSupplier source;
  private final Clock clock;
  private final long intervalNanos;
  private double value = Double.NaN;
  private long readAt;
  private boolean read;

  /** Reads {@code source} at most once per {@code interval} of {@code clock}'s monotonic time. */
  public PeriodicReading(LongSupplier source, Clock clock, Duration interval) {
    this.source = source;
    this.clock = clock;
    this.intervalNanos = interval.toNanos();
  }

  /** Returns the last value, reading the source first when the interval has passed since the last read. */
  public synchronized double value() {
    long now = clock.monotonicTime();
    if (!read || now - readAt >= intervalNanos) {
      read = true;
      readAt = now;
      try {
        value = source.getAsLong();
      } catch (RuntimeException e) {
        // The outage already shows in the error counters; the gauge keeps its last value until Redis answers.
        LOG.log(Level.DEBUG, "gauge read failed, keeping the last value", e);
      }
    }
    return value;
  }
}
