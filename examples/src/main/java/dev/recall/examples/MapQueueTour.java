package dev.recall.examples;

import dev.recall.QueueEmptyException;
import dev.recall.RecallClient;
import dev.recall.codec.Codecs;
import dev.recall.map.RecallMap;
import dev.recall.queue.Delivery;
import dev.recall.queue.RecallQueue;
import dev.recall.queue.ReliableQueue;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * The tour's map and queue part: a namespaced map over a hash, a FIFO queue and its reliable mode. It leaves nothing
 * in Redis: the map is cleared and the queue emptied.
 */
final class MapQueueTour {
  private MapQueueTour() {}

  static void run(RecallClient client, PrintStream out) {
    out.println();
    out.println("== Map: a namespaced dictionary in one Redis hash ==");
    RecallMap<String, Object> python = client.map("tour:python", Codecs.string(), Codecs.json(Object.class));
    python.clear();
    python.set("Guido", "van Rossum");
    out.println("get(\"Guido\") -> " + python.get("Guido").orElseThrow());
    out.println("contains(\"Kyle\") -> " + python.contains("Kyle"));
    python.update(Map.of("Brett", 10, "Barry", false));
    out.println("increment(\"Brett\", 1) -> " + python.increment("Brett", 1));
    out.println("pop(\"Raymond\", \"Default value\") -> " + python.pop("Raymond", "Default value"));
    python.delete("Barry");
    out.println("length() -> " + python.length() + ", toMap() -> " + new java.util.TreeMap<>(python.toMap()));
    python.clear();

    out.println();
    out.println("== Queue: FIFO over a Redis list, and its reliable mode ==");
    RecallQueue<String> queue = client.queue("tour:jobs", Codecs.string());
    queue.put("first");
    queue.put("second");
    out.println("qsize() -> " + queue.qsize());
    out.println("get() -> " + queue.get() + ", getNowait() -> " + queue.getNowait());
    out.println("get(100 ms) on an empty queue -> " + queue.get(Duration.ofMillis(100)));
    try {
      queue.getNowait();
    } catch (QueueEmptyException e) {
      out.println("getNowait() on an empty queue -> " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    ReliableQueue<String> worker = client.reliableQueue("tour:jobs", "worker-1", Codecs.string());
    worker.put("resize image");
    Delivery<String> taken = worker.getNowait();
    out.println("reliable getNowait() -> " + taken.value() + " (unconfirmed: " + worker.unconfirmed() + ")");
    out.println("the worker dies; requeueUnconfirmed(\"worker-1\") -> "
        + client.reliableQueue("tour:jobs", "rescuer", Codecs.string()).requeueUnconfirmed("worker-1"));
    Delivery<String> again = worker.getNowait();
    worker.confirm(again);
    out.println("taken again and confirmed -> " + again.value() + " (unconfirmed: " + worker.unconfirmed() + ")");
  }
}
