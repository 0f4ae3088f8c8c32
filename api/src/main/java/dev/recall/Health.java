package dev.recall;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a health check: whether Redis answered {@code PING}, how long the round trip took (or how long
 * until it failed), and the error when it did not answer.
 *
 * @param ok whether the server answered
 * @param latency the round-trip time, or the time until the failure
 * @param error the failure when not ok, else {@code null}
 */
public record Health(boolean ok, Duration latency, @Nullable RecallException error) {

  /** Checks that an unhealthy result carries its error and a healthy one none. */
  public Health {
    Objects.requireNonNull(latency, "latency");
    if (ok == (error != null)) {
      throw new IllegalArgumentException("a health result has an error exactly when it is not ok");
    }
  }

  /** {@return the failure when not ok, or empty when Redis answered} */
  public Optional<RecallException> failure() {
    return Optional.ofNullable(error);
  }
}
