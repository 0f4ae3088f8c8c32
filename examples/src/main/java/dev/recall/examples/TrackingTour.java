package dev.recall.examples;

import dev.recall.RecallClient;
import dev.recall.tracking.CallTracker;
import java.io.PrintStream;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The tour's call-tracking part: count and record calls, then replay them in the seed's layout. */
final class TrackingTour {
  private TrackingTour() {}

  static void run(RecallClient client, PrintStream out) {
    out.println();
    out.println("== Call tracking: count calls, record inputs and outputs, replay them ==");
    CallTracker tracker = client.tracking();
    tracker.clear("Cache.store");
    tracker.clear("multiply");

    Function<String, String> store = tracker.trackCalls("Cache.store").function(client.cache()::store);
    store.apply("foo");
    store.apply("bar");
    store.apply("42");
    out.print(tracker.replay("Cache.store").render());

    BiFunction<Integer, Integer, Integer> multiply = tracker.countCalls("multiply")
        .biFunction(tracker.callHistory("multiply").biFunction((a, b) -> a * b));
    multiply.apply(2, 3);
    multiply.apply(4, 5);
    out.print(tracker.replay("multiply").render());
    out.println("count(\"multiply\") -> " + tracker.count("multiply"));
  }
}
