package dev.recall.internal;

import dev.recall.DriverNotFoundException;
import dev.recall.spi.RedisDriver;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Finds {@link RedisDriver}s on the class path through {@link ServiceProviders}. */
public final class DriverLoader {
  private static final String ADD_ONE =
      "one of dev.recall:recall-driver-lettuce (non-blocking, one shared connection) or "
          + "dev.recall:recall-driver-jedis (pooled)";
  /** The drivers Recall publishes, by name; a name outside them has no artifact to add. */
  private static final List<String> KNOWN = List.of("lettuce", "jedis");

  private DriverLoader() {}

  /** Returns every driver on the class path, in class-path order. */
  public static List<RedisDriver> available() {
    return ServiceProviders.all(RedisDriver.class);
  }

  /**
   * Returns the named driver, or the only one when {@code name} is null.
   *
   * @throws DriverNotFoundException when it is missing or the choice is ambiguous
   */
  public static RedisDriver find(@Nullable String name) {
    List<RedisDriver> drivers = available();
    if (drivers.isEmpty()) {
      throw new DriverNotFoundException(ServiceProviders.missing("Recall driver", ADD_ONE));
    }
    if (name == null) {
      if (drivers.size() == 1) {
        return drivers.get(0);
      }
      throw new DriverNotFoundException("several Recall drivers on the class path (" + names(drivers)
          + "); name one with Recall.connect(config, \"lettuce\") or -Drecall.driver=lettuce, or keep one dependency");
    }
    String wanted = name.toLowerCase(Locale.ROOT);
    for (RedisDriver driver : drivers) {
      if (driver.name().equals(wanted)) {
        return driver;
      }
    }
    if (KNOWN.contains(wanted)) {
      throw new DriverNotFoundException("no Recall driver named '" + name + "' on the class path (found: "
          + names(drivers) + "); add dev.recall:recall-driver-" + wanted);
    }
    String closest = closest(wanted);
    throw new DriverNotFoundException("Recall has no driver named '" + name + "'"
        + (closest == null ? "" : " (did you mean '" + closest + "'?)") + "; its drivers are " + String.join(" and ",
        KNOWN) + ", and on the class path: " + names(drivers));
  }

  /** The known driver name at most two edits away from {@code wanted}, the nearest first, or null. */
  private static @Nullable String closest(String wanted) {
    String best = null;
    int bestDistance = 3;
    for (String known : KNOWN) {
      int distance = editDistance(wanted, known);
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Levenshtein distance: insertions, deletions and substitutions of one character. */
  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String names(List<RedisDriver> drivers) {
    return drivers.stream().map(RedisDriver::name).collect(Collectors.joining(", "));
  }
}
