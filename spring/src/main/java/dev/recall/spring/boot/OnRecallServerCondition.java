package dev.recall.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code recall.url} or {@code recall.cluster.nodes} is set. */
final class OnRecallServerCondition extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Environment environment = context.getEnvironment();
    if (hasText(environment.getProperty("recall.url"))) {
      return ConditionOutcome.match("recall.url is set");
    }
    if (hasText(environment.getProperty("recall.cluster.nodes"))
        || hasText(environment.getProperty("recall.cluster.nodes[0]"))) {
      return ConditionOutcome.match("recall.cluster.nodes is set");
    }
    return ConditionOutcome.noMatch("neither recall.url nor recall.cluster.nodes is set");
  }

  private static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }
}
