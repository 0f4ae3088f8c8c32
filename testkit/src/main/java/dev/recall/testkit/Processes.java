package dev.recall.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the test kit does with the server processes it spawns and their files: bounded waits and quiet clean-up. */
final class Processes {
  private Processes() {}

  /** Waits for a stopping process to exit, killing it when it has not within {@code bound}; bounded twice. */
  static void awaitExit(Process running, Duration bound) {
    try {
      if (!running.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        running.destroyForcibly();
        running.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      running.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Pauses between two checks of a server that is starting.
   *
   * @throws RedisServerException when interrupted (the interrupt flag is kept)
   */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisServerException("interrupted while waiting for redis-server");
    }
  }

  /** Deletes a directory and what it holds, ignoring failures: temporary files only. */
  static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // The OS cleans the temp directory eventually.
    }
  }
}
