package dev.recall.examples;

import dev.recall.RecallClient;
import dev.recall.tracking.CallTracker;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The tour's call-tracking part: count and record calls, then replay them in the seed's layout. The histories stay in
 * Redis for inspection; the values the tracked {@code Cache.store} stored are deleted.
 */
final class TrackingTour {
  private TrackingTour() {}

  /** Runs the part and returns the keys it leaves in Redis (hash-tagged on a cluster). */
  static List<String> run(RecallClient client, boolean cluster, PrintStream out) {
    out.println();
    out.println("== Call tracking: count calls, record inputs and outputs, replay them ==");
    CallTracker tracker = client.tracking();
    tracker.clear("Cache.store");
    tracker.clear("multiply");

    Function<String, String> store = tracker.trackCalls("Cache.store").function(client.cache()::store);
    List<String> stored = List.of(store.apply("foo"), store.apply("bar"), store.apply("42"));
    out.print(tracker.replay("Cache.store").render());
    stored.forEach(client.cache()::delete);

    BiFunction<Integer, Integer, Integer> multiply = tracker.countCalls("multiply")
        .biFunction(tracker.callHistory("multiply").biFunction((a, b) -> a * b));
    multiply.apply(2, 3);
    multiply.apply(4, 5);
    out.print(tracker.replay("multiply").render());
    out.println("count(\"multiply\") -> " + tracker.count("multiply"));

    List<String> kept = new ArrayList<>();
    for (String name : List.of("Cache.store", "multiply")) {
      String key = cluster ? "{" + name + "}" : name;
      kept.addAll(List.of(key, key + ":inputs", key + ":outputs"));
    }
    return kept;
  }
}
