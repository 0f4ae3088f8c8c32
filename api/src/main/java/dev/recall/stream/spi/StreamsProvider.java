package dev.recall.stream.spi;

import dev.recall.spi.CommandExecutor;
import dev.recall.stream.Streams;

/**
 * Creates the Redis Streams implementation for a client; {@code recall-streams} provides one, found with
 * {@link java.util.ServiceLoader}.
 */
public interface StreamsProvider {

  /**
   * Creates the streams feature on top of a client's executor; called once per client.
   *
   * @param executor runs the client's commands
   * @return the client's streams
   */
  Streams create(CommandExecutor executor);
}
