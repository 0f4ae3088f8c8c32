package dev.recall;

import dev.recall.internal.RedisUrls;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where and how to connect to Redis: an immutable value, built with {@link #builder()} or parsed from a
 * {@code redis://} or {@code rediss://} URL with {@link #fromUrl(String)}.
 *
 * <p>The URL form is {@code redis[s]://[[username]:password@]host[:port][/database][?option=value&...]} with the
 * options {@code timeout} (command timeout), {@code connectTimeout}, {@code clientName} and {@code poolSize};
 * durations are written as a number and a unit ({@code 500ms}, {@code 2s}, {@code 1m}); a bare number means
 * seconds. {@code fromUrl(config.toUrl())} equals {@code config} for every config.
 *
 * <p>{@link #toString()} never shows the password.
 *
 * @param host the server's host name or address
 * @param port the server's TCP port, 1 to 65535
 * @param database the logical database index, 0 or more
 * @param username the ACL user name, or {@code null} for the default user
 * @param password the password, or {@code null} when the server needs none
 * @param tls whether to connect with TLS ({@code rediss://})
 * @param connectTimeout how long to wait for a connection to be established
 * @param commandTimeout how long to wait for a reply to one command
 * @param clientName the name set with {@code CLIENT SETNAME}, or {@code null}
 * @param poolSize how many connections a pooled driver keeps open (Jedis), and the bound on concurrent callers
 */
public record RedisConfig(
    String host,
    int port,
    int database,
    @Nullable String username,
    @Nullable String password,
    boolean tls,
    Duration connectTimeout,
    Duration commandTimeout,
    @Nullable String clientName,
    int poolSize) {

  /** The port Redis listens on unless told otherwise. */
  public static final int DEFAULT_PORT = 6379;

  /**
   * Checks every field.
   *
   * @throws IllegalArgumentException naming the field and the value when one is out of range
   * @throws NullPointerException when host or a timeout is null
   */
  public RedisConfig {
    checkHost(host);
    checkPort(port);
    checkDatabase(database);
    checkPositive("connectTimeout", connectTimeout);
    checkPositive("commandTimeout", commandTimeout);
    checkPoolSize(poolSize);
    username = emptyToNull(username);
    password = emptyToNull(password);
    clientName = emptyToNull(clientName);
    if (clientName != null && clientName.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException("clientName must not contain spaces or control characters, got '" + clientName + "'");
    }
  }

  /** Returns a builder with the defaults: {@code localhost:6379}, database 0, no TLS, 2 s timeouts, 16 connections. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses a {@code redis://} or {@code rediss://} URL.
   *
   * @throws IllegalArgumentException when the URL is malformed, the scheme is unknown or a field is out of range;
   *     the message names the part and never contains the password
   */
  public static RedisConfig fromUrl(String url) {
    return RedisUrls.parse(Objects.requireNonNull(url, "url"));
  }

  /** Returns the URL that {@link #fromUrl(String)} turns back into this config, password included. */
  public String toUrl() {
    return RedisUrls.format(this, false);
  }

  /** Returns a builder that starts from this config's fields. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Shows every field but the password, which appears as {@code ***} when set. */
  @Override
  public String toString() {
    return "RedisConfig[" + RedisUrls.format(this, true) + "]";
  }

  private static String checkHost(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank, got '" + host + "'");
    }
    return host;
  }

  private static int checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
    return port;
  }

  private static int checkDatabase(int database) {
    if (database < 0) {
      throw new IllegalArgumentException("database must be 0 or more, got " + database);
    }
    return database;
  }

  private static int checkPoolSize(int poolSize) {
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be 1 or more, got " + poolSize);
    }
    return poolSize;
  }

  private static Duration checkPositive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
    return value;
  }

  private static @Nullable String emptyToNull(@Nullable String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** Builds a {@link RedisConfig}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private String host = "localhost";
    private int port = DEFAULT_PORT;
    private int database;
    private @Nullable String username;
    private @Nullable String password;
    private boolean tls;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration commandTimeout = Duration.ofSeconds(2);
    private @Nullable String clientName;
    private int poolSize = 16;

    private Builder() {}

    private Builder(RedisConfig config) {
      host = config.host;
      port = config.port;
      database = config.database;
      username = config.username;
      password = config.password;
      tls = config.tls;
      connectTimeout = config.connectTimeout;
      commandTimeout = config.commandTimeout;
      clientName = config.clientName;
      poolSize = config.poolSize;
    }

    /**
     * Sets the host name or address.
     *
     * @throws IllegalArgumentException when blank
     */
    public Builder host(String host) {
      this.host = checkHost(host);
      return this;
    }

    /**
     * Sets the port.
     *
     * @throws IllegalArgumentException when not between 1 and 65535
     */
    public Builder port(int port) {
      this.port = checkPort(port);
      return this;
    }

    /**
     * Sets the logical database index.
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder database(int database) {
      this.database = checkDatabase(database);
      return this;
    }

    /** Sets the ACL user name; {@code null} or empty means the default user. */
    public Builder username(@Nullable String username) {
      this.username = username;
      return this;
    }

    /** Sets the password; {@code null} or empty means none. */
    public Builder password(@Nullable String password) {
      this.password = password;
      return this;
    }

    /** Turns TLS on or off. */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /**
     * Sets how long to wait for a connection.
     *
     * @throws IllegalArgumentException when zero or negative
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = checkPositive("connectTimeout", connectTimeout);
      return this;
    }

    /**
     * Sets how long to wait for the reply to one command.
     *
     * @throws IllegalArgumentException when zero or negative
     */
    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = checkPositive("commandTimeout", commandTimeout);
      return this;
    }

    /** Sets the connection name shown by {@code CLIENT LIST}; {@code null} for none. */
    public Builder clientName(@Nullable String clientName) {
      this.clientName = clientName;
      return this;
    }

    /**
     * Sets how many connections a pooled driver keeps.
     *
     * @throws IllegalArgumentException when less than 1
     */
    public Builder poolSize(int poolSize) {
      this.poolSize = checkPoolSize(poolSize);
      return this;
    }

    /**
     * Builds the config.
     *
     * @throws IllegalArgumentException when a field is invalid
     */
    public RedisConfig build() {
      return new RedisConfig(
          host, port, database, username, password, tls, connectTimeout, commandTimeout, clientName, poolSize);
    }
  }
}
