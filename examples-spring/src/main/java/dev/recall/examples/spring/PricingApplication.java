package dev.recall.examples.spring;

import dev.recall.spring.RecallCacheManager;
import dev.recall.spring.RecallCachingConfigurer;
import dev.recall.testkit.RedisServer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.CacheErrorHandler;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The Spring Boot example: {@code recall-spring} on the class path and {@code recall.url} set is all the set-up
 * caching in Redis takes. Run it with {@code bin/recall-examples-spring [--recall.url=redis://host:port]
 * [--recall.driver=jedis] [--serve [--server.port=8080]]}; without a URL it starts a private server, as the other
 * examples do. It prints a few cached calls and exits, or with {@code --serve} stays up, serving
 * {@code GET /prices/{sku}} and Actuator's {@code /actuator/health}, {@code /actuator/metrics} and
 * {@code /actuator/prometheus} until stopped.
 */
@SpringBootApplication
@EnableCaching
public class PricingApplication {

  /**
   * The auto-configuration's typed values and keys, plus an error handler for outages: an eviction Redis cannot
   * take is logged as one line instead of failing the caller (declaring a configurer makes Boot's back off).
   */
  @Bean
  RecallCachingConfigurer cachingConfigurer(RecallCacheManager cacheManager) {
    return new RecallCachingConfigurer(cacheManager) {
      @Override
      public CacheErrorHandler errorHandler() {
        return new OutageLoggingErrorHandler();
      }
    };
  }

  /** Runs the application: a few cached calls, printed, then exits (with {@code --serve}: serves until stopped). */
  public static void main(String[] args) {
    run(args, System.out);
  }

  /** Runs the application, printing to {@code out}; the private server, if one was started, is stopped. */
  static void run(String[] args, PrintStream out) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    boolean serve = all.remove("--serve");
    boolean named = all.stream().anyMatch(arg -> arg.startsWith("--recall.url="))
        || System.getenv("RECALL_URL") != null;
    if (!serve) {
      all.add("--spring.main.web-application-type=none");
    }
    RedisServer own = named ? null : RedisServer.start();
    try {
      if (own != null) {
        all.add("--recall.url=" + own.url());
      }
      try (ConfigurableApplicationContext context =
          SpringApplication.run(PricingApplication.class, all.toArray(String[]::new))) {
        if (serve) {
          serveUntilClosed(context, out);
        } else {
          tour(context.getBean(PricingService.class), out);
        }
      }
    } finally {
      if (own != null) {
        own.close();
      }
    }
  }

  private static void tour(PricingService prices, PrintStream out) {
    prices.forget("A-1");
    int before = prices.lookups();
    out.println("price(A-1) = " + prices.price("A-1") + "   (looked up)");
    Price again = prices.price("A-1");
    boolean down = prices.lookups() - before > 1;
    out.println("price(A-1) = " + again + (down ? "   (looked up again: Redis is down, the read failed open)"
        : "   (from Redis)"));
    prices.reprice("A-1", 999);
    out.println("price(A-1) = " + prices.price("A-1") + (down ? "   (looked up: the @CachePut was dropped)"
        : "   (after @CachePut)"));
    out.println("quote = " + prices.quote(List.of("A-1", "B-22")));
    out.println("lookups = " + prices.lookups());
    if (down) {
      out.println("Redis is down: every read failed open (the method ran), every store was dropped, and the"
          + " eviction's failure was logged by the CacheErrorHandler instead of failing the caller.");
    }
  }

  private static void serveUntilClosed(ConfigurableApplicationContext context, PrintStream out) {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    out.println("serving http://localhost:" + port + "/prices/{sku}, /actuator/health, /actuator/metrics/cache.gets"
        + " and /actuator/prometheus; stop with Ctrl-C");
    CountDownLatch closed = new CountDownLatch(1);
    context.addApplicationListener(event -> {
      if (event instanceof ContextClosedEvent) {
        closed.countDown();
      }
    });
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
