package dev.recall.spring.boot;

import dev.recall.RecallClient;
import dev.recall.RecallException;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports Redis as Recall sees it ({@link RecallClient#health()}: a {@code PING}): up with the driver and the round
 * trip's latency, down with the error when Redis does not answer or the client cannot connect.
 */
public final class RecallHealthIndicator implements HealthIndicator {
  private final Supplier<RecallClient> client;

  /**
   * Creates the indicator; {@code client} is asked on each check, so a client not yet connected is tried again.
   *
   * @param client gives the client; what it throws is reported as down
   * @throws NullPointerException when {@code client} is null
   */
  public RecallHealthIndicator(Supplier<RecallClient> client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public Health health() {
    RecallClient connected;
    try {
      connected = client.get();
    } catch (RuntimeException e) {
      // Recall's message names what is wrong (a database the server does not have, a refused password); the bean
      // factory's wrapper around it would not.
      RecallException recall = RecallAutoConfiguration.recallCause(e);
      return Health.down(recall != null ? recall : e).build();
    }
    dev.recall.Health health = connected.health();
    Health.Builder builder = health.ok() ? Health.up() : Health.down(health.error());
    return builder.withDetail("driver", connected.driverName())
        .withDetail("latency", health.latency().toString())
        .build();
  }
}
