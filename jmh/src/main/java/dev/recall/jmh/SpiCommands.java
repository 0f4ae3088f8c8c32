package dev.recall.jmh;

import dev.recall.spi.Command;
import dev.recall.spi.Replies;
import org.jspecify.annotations.Nullable;

/**
 * The Redis commands the benchmarks send through Recall's executor, built with the driver SPI as an extension module
 * builds its own: the same command the engine sends, without reaching into the api module's internal packages.
 */
final class SpiCommands {
  private SpiCommands() {}

  /** {@code GET key}: the value, or {@code null} when absent. */
  static Command<byte @Nullable []> get(byte[] key) {
    return Command.keyed("GET", Replies::bytes, key);
  }
}
