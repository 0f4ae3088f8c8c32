package dev.recall.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.RedisConfig;
import dev.recall.examples.FreshValues.Outcome;
import dev.recall.examples.FreshValues.Quote;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's refresh-ahead and stale-if-error example runs as written, through both drivers. */
@ExtendWith(RedisServerExtension.class)
class FreshValuesTest {

  @ParameterizedTest
  @ValueSource(strings = {"lettuce", "jedis"})
  void refreshesOnce_thenServesTheStaleValueWhenTheFeedFails(String driver, RedisServer server) throws Exception {
    Outcome outcome = FreshValues.run(RedisConfig.fromUrl(server.url()), driver);
    assertThat(outcome.quotes()).containsExactly(new Quote("ACME", 1), new Quote("ACME", 1), new Quote("ACME", 2),
        new Quote("ACME", 2));
    assertThat(outcome.stats().refreshes()).isEqualTo(1);
    assertThat(outcome.stats().staleServed()).isEqualTo(1);
  }
}
