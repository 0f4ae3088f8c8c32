package dev.recall.spring.boot;

import dev.recall.RecallClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code recall} health indicator, when Boot's health support is on the class path. */
@AutoConfiguration(after = RecallAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(RecallClient.class)
@ConditionalOnEnabledHealthIndicator("recall")
public class RecallHealthAutoConfiguration {

  /** Creates the auto-configuration; Spring Boot does, when health support and a {@link RecallClient} bean exist. */
  public RecallHealthAutoConfiguration() {}

  /**
   * The indicator reporting Redis up or down, named {@code recall} in the health endpoint; created unless the
   * application declares its own {@link RecallHealthIndicator}.
   *
   * @param client the application's client, got on each check
   * @return the health indicator
   */
  @Bean
  @ConditionalOnMissingBean(RecallHealthIndicator.class)
  public RecallHealthIndicator recallHealthIndicator(ObjectProvider<RecallClient> client) {
    return new RecallHealthIndicator(client::getObject);
  }
}
