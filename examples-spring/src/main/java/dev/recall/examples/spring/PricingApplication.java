package dev.recall.examples.spring;

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
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The Spring Boot example: {@code recall-spring} on the class path and {@code recall.url} set is all the set-up
 * caching in Redis takes. Run it with {@code bin/recall-examples-spring [--recall.url=redis://host:port]
 * [--recall.driver=jedis] [--serve [--server.port=8080]]}; without a URL it starts a private server, as the other
 * examples do. It prints a few cached calls and exits, or with {@code --serve} stays up with Actuator's
 * {@code /actuator/health}, {@code /actuator/metrics} and {@code /actuator/prometheus} until stopped.
 */
@SpringBootApplication
@EnableCaching
public class PricingApplication {

  /** Runs the application: a few cached calls, printed, then exits (with {@code --serve}, serves until stopped). */
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
        tour(context.getBean(PricingService.class), out);
        if (serve) {
          serveUntilClosed(context, out);
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
    out.println("price(A-1) = " + prices.price("A-1") + "   (looked up)");
    out.println("price(A-1) = " + prices.price("A-1") + "   (from Redis)");
    prices.reprice("A-1", 999);
    out.println("price(A-1) = " + prices.price("A-1") + "   (after @CachePut)");
    out.println("quote = " + prices.quote(List.of("A-1", "B-22")));
    out.println("lookups = " + prices.lookups());
  }

  private static void serveUntilClosed(ConfigurableApplicationContext context, PrintStream out) {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    out.println("serving http://localhost:" + port + "/actuator/health, /actuator/metrics/cache.gets and"
        + " /actuator/prometheus; stop with Ctrl-C");
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
