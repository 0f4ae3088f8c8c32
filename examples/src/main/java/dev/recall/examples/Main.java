package dev.recall.examples;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The examples jar's entry point: {@code bin/recall-examples [command] [options]} (which runs
 * {@code java -jar recall-examples.jar} on a JDK 21 or newer). With no command it runs the tour; {@code --help}
 * prints the usage.
 */
public final class Main {
  static final String USAGE = """
      usage: bin/recall-examples [tour] [--redis URL | --cluster URL[,URL...]] [--driver lettuce|jedis]
             bin/recall-examples policy-trace --policy lru|fifo|lfu|mru|rr|tlru --max-size N
                 [--layout single|multiple] [--redis URL | --cluster URL[,URL...]] [--driver lettuce|jedis]
                 < keys.txt
             bin/recall-examples stream-load --messages N --consumers C --fail-rate F [--seed S]
                 [--redis URL | --cluster URL[,URL...]] [--driver lettuce|jedis]
             bin/recall-examples --help
      (bin/recall-examples runs java -jar examples/target/recall-examples.jar on a JDK 21 or newer)

        tour          connect, check health, and walk through Recall's features (the default)
        policy-trace  call a memoized identity function once per line of standard input, through the named
                      eviction policy, then print hits=H misses=M size=S
        stream-load   send N numbered messages through C consumers of one group whose handler fails the first
                      delivery of a fraction F of them (chosen from seed S, default 1), then print
                      sent=N processed=P duplicates=D dead=X pending=Q

      options:
        --redis URL       use this server (else REDIS_URL, else an embedded Redis on a free port)
        --cluster URLS    use this Redis Cluster: one or more seed node URLs, comma-separated
                          (redis://10.0.0.1:7000,redis://10.0.0.2:7000); not together with --redis
        --driver NAME     lettuce (default) or jedis
        -h, --help        print this and exit
      """;

  private Main() {}

  /** Runs the command and exits with its status: 0 on success, 2 on a usage error, 1 on a failure. */
  public static void main(String[] args) {
    int status = run(Arrays.asList(args), System.out, System.err);
    System.exit(status);
  }

  /** Runs the command, printing to the given streams, and returns the exit status. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    return run(args, System.in, out, err);
  }

  /** Runs the command with the given standard input, printing to the given streams; returns the exit status. */
  public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
    if (wantsHelp(args)) {
      out.print(USAGE);
      return 0;
    }
    Options options;
    StreamLoad.Settings load = null;
    PolicyTrace.Settings trace = null;
    try {
      options = Options.parse(args);
      if (options.command().equals("stream-load")) {
        load = StreamLoad.Settings.from(options);
      }
      if (options.command().equals("policy-trace")) {
        trace = PolicyTrace.settings(options);
      }
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    // The checking commands print exactly one result line on stdout, so their server notice goes to stderr.
    try (ExampleServer server = ExampleServer.resolve(options, options.command().equals("tour") ? out : err)) {
      return switch (options.command()) {
        case "tour" -> Tour.run(server.config(), options.driver(), out);
        case "stream-load" -> StreamLoad.run(server.config(), options.driver(), Objects.requireNonNull(load), out);
        case "policy-trace" -> PolicyTrace.run(server.config(), options.driver(), Objects.requireNonNull(trace), in,
            out);
        default -> throw new IllegalStateException("unreachable: " + options.command());
      };
    } catch (RuntimeException e) {
      err.println("failed: " + e.getMessage());
      return 1;
    }
  }

  /** {@code help} as the command, or {@code -h} / {@code --help} anywhere (no option takes either as its value). */
  private static boolean wantsHelp(List<String> args) {
    return (!args.isEmpty() && args.get(0).equals("help")) || args.contains("--help") || args.contains("-h");
  }
}
