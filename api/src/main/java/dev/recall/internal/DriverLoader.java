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
    throw new DriverNotFoundException("no Recall driver named '" + name + "' on the class path (found: "
        + names(drivers) + "); add dev.recall:recall-driver-" + wanted);
  }

  private static String names(List<RedisDriver> drivers) {
    return drivers.stream().map(RedisDriver::name).collect(Collectors.joining(", "));
  }
}
