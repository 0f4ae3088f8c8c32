package dev.recall.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The examples jar's entry point: {@code java -jar recall-examples.jar [command] [options]}. With no command it runs
 * the tour.
 */
public final class Main {
  static final String USAGE = """
      usage: java -jar recall-examples.jar [tour] [--redis URL] [--driver lettuce|jedis]
             java -jar recall-examples.jar stream-load --messages N --consumers C --fail-rate F [--seed S]
                 [--redis URL] [--driver lettuce|jedis]

        tour          connect, check health, and walk through Recall's features (the default)
        stream-load   send N numbered messages through C consumers of one group whose handler fails the first
                      delivery of a fraction F of them (chosen from seed S, default 1), then print
                      sent=N processed=P duplicates=D dead=X pending=Q

      options:
        --redis URL       use this server (else REDIS_URL, else an embedded Redis on a free port)
        --driver NAME     lettuce (default) or jedis
      """;

  private Main() {}

  /** Runs the command and exits with its status: 0 on success, 2 on a usage error, 1 on a failure. */
  public static void main(String[] args) {
    int status = run(Arrays.asList(args), System.out, System.err);
    System.exit(status);
  }

  /** Runs the command, printing to the given streams, and returns the exit status. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    Options options;
    StreamLoad.Settings load = null;
    try {
      options = Options.parse(args);
      if (options.command().equals("stream-load")) {
        load = StreamLoad.Settings.from(options);
      }
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    try (ExampleServer server = ExampleServer.resolve(options, out)) {
      return switch (options.command()) {
        case "tour" -> Tour.run(server.config(), options.driver(), out);
        case "stream-load" -> StreamLoad.run(server.config(), options.driver(), Objects.requireNonNull(load), out);
        default -> throw new IllegalStateException("unreachable: " + options.command());
      };
    } catch (RuntimeException e) {
      err.println("failed: " + e.getMessage());
      return 1;
    }
  }
}
