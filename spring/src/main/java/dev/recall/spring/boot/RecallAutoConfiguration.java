package dev.recall.spring.boot;

import dev.recall.Health;
import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RecallException;
import dev.recall.RedisConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;

/**
 * Recall's client from the {@code recall.*} properties: the {@link RedisConfig} is read at start-up (a bad URL fails
 * it, naming the property), the {@link RecallClient} connects on first use, so the application starts while Redis
 * is down, unless {@code recall.fail-fast=true} asks start-up to fail then.
 */
@AutoConfiguration
@Conditional(OnRecallServerCondition.class)
@EnableConfigurationProperties(RecallProperties.class)
public class RecallAutoConfiguration {

  /** Creates the auto-configuration, applied when {@code recall.url} or {@code recall.cluster.nodes} is set. */
  public RecallAutoConfiguration() {}

  /**
   * The server or cluster settings, read from {@code recall.url} or {@code recall.cluster.nodes}; created unless the
   * application declares its own {@link RedisConfig}.
   *
   * @param properties the bound {@code recall.*} properties
   * @return the settings the client connects with
   * @throws InvalidConfigurationPropertyValueException when both properties are set, or the one set holds an invalid
   *     URL
   */
  @Bean
  @ConditionalOnMissingBean
  public RedisConfig recallRedisConfig(RecallProperties properties) {
    String url = properties.url();
    boolean hasUrl = url != null && !url.isBlank();
    boolean hasNodes = !properties.cluster().nodesOrEmpty().isEmpty();
    if (hasUrl && hasNodes) {
      throw new InvalidConfigurationPropertyValueException("recall.cluster.nodes", properties.cluster().nodes(),
          "set recall.url or recall.cluster.nodes, not both (recall.url is set too)");
    }
    try {
      return hasUrl ? RedisConfig.fromUrl(url) : RedisConfig.fromUrls(properties.cluster().nodesOrEmpty());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(hasUrl ? "recall.url" : "recall.cluster.nodes",
          hasUrl ? withoutPassword(url) : properties.cluster().nodes(), e.getMessage());
    }
  }

  /**
   * The client, a lazy bean that connects on first use with {@code recall.driver} or the only driver on the class
   * path, and is closed with the context; created unless the application declares its own {@link RecallClient}.
   *
   * @param config the settings to connect with
   * @param properties the bound {@code recall.*} properties, read for {@code recall.driver}
   * @return the client, connected
   */
  @Bean(destroyMethod = "close")
  @Lazy
  @ConditionalOnMissingBean
  public RecallClient recallClient(RedisConfig config, RecallProperties properties) {
    String driver = properties.driver();
    return driver == null || driver.isBlank() ? Recall.connect(config) : Recall.connect(config, driver.strip());
  }

  /**
   * A check, created only with {@code recall.fail-fast=true}, that fails start-up when Redis cannot be reached.
   *
   * @param client the client, got (so connected) once all singletons are created
   * @param config the settings, named in the failure's message
   * @param properties the bound {@code recall.*} properties, whose {@code recall.url} or {@code recall.cluster.nodes}
   *     the failure's message names, any password hidden
   * @return a callback that throws {@link IllegalStateException} when the client cannot connect or Redis does not
   *     answer its {@code PING}
   */
  @Bean
  @ConditionalOnBooleanProperty("recall.fail-fast")
  public SmartInitializingSingleton recallFailFast(
      ObjectProvider<RecallClient> client, RedisConfig config, RecallProperties properties) {
    return () -> {
      RecallClient connected;
      try {
        connected = client.getObject();
      } catch (RuntimeException e) {
        throw new IllegalStateException("recall.fail-fast=true and Redis cannot be reached with "
            + source(config, properties) + ": " + reason(e), e);
      }
      Health health = connected.health();
      if (!health.ok()) {
        throw new IllegalStateException("recall.fail-fast=true and Redis does not answer at " + config + ": "
            + health.error().getMessage(), health.error());
      }
    };
  }

  /** Names where the config came from, as a person would look it up: the property and its value. */
  private static String source(RedisConfig config, RecallProperties properties) {
    String url = properties.url();
    if (url != null && !url.isBlank()) {
      return "recall.url=" + withoutPassword(url.strip());
    }
    if (!properties.cluster().nodesOrEmpty().isEmpty()) {
      return "recall.cluster.nodes=" + properties.cluster().nodesOrEmpty().stream()
          .map(RecallAutoConfiguration::withoutPassword).toList();
    }
    return String.valueOf(config);
  }

  /**
   * Why a connect failed: the message of Recall's exception when one is in the chain (it names the setting at fault,
   * such as a database the server does not have), else the root cause's.
   */
  static String reason(Throwable e) {
    RecallException recall = recallCause(e);
    return String.valueOf(recall != null ? recall.getMessage() : rootMessage(e));
  }

  /** The first of Recall's exceptions in the chain, under wrappers such as the bean factory's; null when none. */
  static @Nullable RecallException recallCause(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof RecallException recall) {
        return recall;
      }
    }
    return null;
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  /** A URL as it may be shown: any password replaced. */
  static String withoutPassword(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }
}
