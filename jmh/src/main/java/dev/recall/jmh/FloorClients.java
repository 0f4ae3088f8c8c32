package dev.recall.jmh;

import dev.recall.Recall;
import dev.recall.RecallClient;

/**
 * What a benchmark that measures Recall beside its floor holds for a trial: a private server, the driver's own
 * client on it (the floor) and a Recall client through the same driver. Closed in reverse order of opening.
 *
 * @param server the server, started for this trial
 * @param raw the driver's own client
 * @param recall Recall through the same driver
 */
record FloorClients(BenchmarkServer server, RawClient raw, RecallClient recall) implements AutoCloseable {

  /** Starts a server and opens both clients on it through {@code driver}. */
  static FloorClients open(Driver driver) {
    BenchmarkServer server = BenchmarkServer.start();
    RawClient raw = RawClient.open(driver, server.host(), server.port());
    return new FloorClients(server, raw, Recall.connect(server.config(), driver.driverName()));
  }

  @Override
  public void close() {
    recall.close();
    raw.close();
    server.close();
  }
}
