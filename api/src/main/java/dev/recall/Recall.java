package dev.recall;

import dev.recall.internal.DefaultRecallClient;
import dev.recall.internal.DriverLoader;
import dev.recall.spi.RedisDriver;
import java.util.Objects;

/**
 * Connects to Redis through whichever driver is on the class path ({@code recall-driver-lettuce} or
 * {@code recall-driver-jedis}).
 */
public final class Recall {
  /** The system property that names the driver when several are on the class path. */
  public static final String DRIVER_PROPERTY = "recall.driver";

  private Recall() {}

  /**
   * Connects with the only driver on the class path; when both are there, with the one the system property
   * {@value #DRIVER_PROPERTY} names.
   *
   * @param config where and how to connect
   * @return a connected client; close it when done
   * @throws DriverNotFoundException when there is no driver, or several and none chosen; the message says what to add
   * @throws RecallConnectionException when the server cannot be reached
   */
  public static RecallClient connect(RedisConfig config) {
    Objects.requireNonNull(config, "config");
    String wanted = System.getProperty(DRIVER_PROPERTY);
    return connect(config, DriverLoader.find(wanted == null || wanted.isBlank() ? null : wanted.strip()));
  }

  /**
   * Connects with the named driver, {@code jedis} or {@code lettuce}.
   *
   * @param config where and how to connect
   * @param driverName the driver to use, {@code jedis} or {@code lettuce}, in any letter case
   * @return a connected client; close it when done
   * @throws DriverNotFoundException when that driver is not on the class path
   * @throws RecallConnectionException when the server cannot be reached
   */
  public static RecallClient connect(RedisConfig config, String driverName) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(driverName, "driverName");
    return connect(config, DriverLoader.find(driverName));
  }

  /**
   * Parses the URL (see {@link RedisConfig#fromUrl}) and connects.
   *
   * @param url a {@code redis://} or {@code rediss://} URL
   * @return a connected client; close it when done
   * @throws IllegalArgumentException when the URL is invalid
   */
  public static RecallClient connect(String url) {
    return connect(RedisConfig.fromUrl(url));
  }

  private static RecallClient connect(RedisConfig config, RedisDriver driver) {
    return new DefaultRecallClient(config, driver.name(), driver.connect(config));
  }
}
