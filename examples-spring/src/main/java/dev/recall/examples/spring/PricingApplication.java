package dev.recall.examples.spring;

import dev.recall.testkit.RedisServer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot example: {@code recall-spring} on the class path and {@code recall.url} set is all the set-up
 * caching in Redis takes. Run it with {@code java -jar examples-spring/target/recall-examples-spring.jar
 * [--recall.url=redis://host:port] [--recall.driver=jedis]}; without a URL it starts a private server, as the
 * other examples do.
 */
@SpringBootApplication
@EnableCaching
public class PricingApplication {

  /** Runs the application: a few cached calls, printed, then exits. */
  public static void main(String[] args) {
    run(args, System.out);
  }

  /** Runs the application, printing to {@code out}; the private server, if one was started, is stopped. */
  static void run(String[] args, PrintStream out) {
    boolean named = Arrays.stream(args).anyMatch(arg -> arg.startsWith("--recall.url="))
        || System.getenv("RECALL_URL") != null;
    RedisServer own = named ? null : RedisServer.start();
    try {
      List<String> all = new ArrayList<>(Arrays.asList(args));
      if (own != null) {
        all.add("--recall.url=" + own.url());
      }
      try (ConfigurableApplicationContext context =
          SpringApplication.run(PricingApplication.class, all.toArray(String[]::new))) {
        tour(context.getBean(PricingService.class), out);
      }
    } finally {
      if (own != null) {
        own.close();
      }
    }
  }

  private static void tour(PricingService prices, PrintStream out) {
    prices.forget("A-1");
    out.println("price(A-1) = " + prices.price("A-1") + "   (looked up)");
    out.println("price(A-1) = " + prices.price("A-1") + "   (from Redis)");
    prices.reprice("A-1", 999);
    out.println("price(A-1) = " + prices.price("A-1") + "   (after @CachePut)");
    out.println("quote = " + prices.quote(List.of("A-1", "B-22")));
    out.println("lookups = " + prices.lookups());
  }
}
