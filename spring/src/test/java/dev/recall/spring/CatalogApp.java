package dev.recall.spring;

import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The test application: caching on, one cached service; Recall comes from the auto-configuration. */
@Configuration(proxyBeanMethods = false)
@EnableCaching
public class CatalogApp {

  @Bean
  Catalog catalog() {
    return new Catalog();
  }
}
