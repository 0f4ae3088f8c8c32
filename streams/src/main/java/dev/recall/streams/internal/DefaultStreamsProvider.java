package dev.recall.streams.internal;

import dev.recall.spi.CommandExecutor;
import dev.recall.stream.spi.StreamsProvider;
import dev.recall.stream.Streams;

/** The {@link StreamsProvider} of {@code recall-streams}, registered in {@code META-INF/services}. */
public final class DefaultStreamsProvider implements StreamsProvider {

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public DefaultStreamsProvider() {}

  @Override
  public Streams create(CommandExecutor executor) {
    return new DefaultStreams(executor);
  }
}
