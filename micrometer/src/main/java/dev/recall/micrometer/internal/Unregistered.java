package dev.recall.micrometer.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.System.Logger.Level;

/**
 * Where meters go when the user's registry refuses them (Prometheus, for one, refuses a name registered before with
 * other tag keys): a registry that denies every meter, so its meters are no-ops. A recorder must never break a call,
 * so a refusal is logged once and the events of that function or group are dropped.
 */
final class Unregistered {
  private static final System.Logger LOG = System.getLogger(Unregistered.class.getName());

  /** A registry whose every meter is a no-op. */
  static final MeterRegistry REGISTRY = new SimpleMeterRegistry();

  static {
    REGISTRY.config().meterFilter(MeterFilter.deny());
  }

  private Unregistered() {}

  /** Logs that the registry refused the meters of {@code what}; their events are dropped from now on. */
  static void refused(String what, RuntimeException error) {
    LOG.log(Level.WARNING, "the meter registry refused the meters of " + what + "; its events are not recorded",
        error);
  }
}
