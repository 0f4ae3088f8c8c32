package dev.recall;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where and how to connect to Redis: an immutable value, built with {@link #builder()} or parsed from a
 * {@code redis://} or {@code rediss://} URL with {@link #fromUrl(String)}.
 *
 * <p>The URL form is {@code redis[s]://[[username]:password@]host[:port][/database][?option=value&...]} with the
 * options {@code timeout} (command timeout), {@code connectTimeout}, {@code clientName}, {@code poolSize},
 * {@code tlsCaCertificates} (a PEM file path) and {@code tlsVerifyPeer};
 * durations are written as a number and a unit ({@code 500ms}, {@code 2s}, {@code 1m}); a bare number means
 * seconds. {@code fromUrl(config.toUrl())} equals {@code config} for every config.
 *
 * <p>A <b>Redis Cluster</b> config names one or more seed nodes in {@link #clusterNodes()}; the drivers discover the
 * rest of the cluster from them and follow its redirections and topology changes. Its {@link #host()} and
 * {@link #port()} are those of the first seed and its database is 0 (a cluster has no other). The URL form lists
 * the seeds separated by commas, {@code redis://[user:password@]host1:port1,host2:port2[?options]}, and marks a
 * single seed with the option {@code cluster=true}; {@link #fromUrls(List)} takes one URL per seed.
 *
 * <p><b>TLS</b> ({@code rediss://}) verifies the server's certificate chain and host name by default, against the
 * JVM's default trust store or, when {@link #tlsCaCertificates()} is set, against the CA certificates in that PEM
 * file only. {@link Builder#tlsVerifyPeer(boolean) tlsVerifyPeer(false)} turns verification off, which lets anyone
 * between the client and Redis read and change the traffic: for throwaway test setups only.
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
 * @param clusterNodes the seed nodes of a Redis Cluster, the first one at {@code host:port}; empty for a single
 *     server
 * @param tlsCaCertificates a PEM file with the CA certificates that sign the server's certificate, or {@code null}
 *     for the JVM's default trust store; only with TLS
 * @param tlsVerifyPeer whether to verify the server's certificate and host name (on by default); {@code false} is
 *     insecure and only allowed with TLS
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
    int poolSize,
    List<RedisNode> clusterNodes,
    @Nullable Path tlsCaCertificates,
    boolean tlsVerifyPeer) {

  /** The port Redis listens on unless told otherwise. */
  public static final int DEFAULT_PORT = 6379;

  /**
   * Checks every field.
   *
   * @throws IllegalArgumentException naming the field and the value when one is out of range, when a cluster config
   *     has a database other than 0, when its host and port are not those of its first seed, or when a TLS setting
   *     is given without TLS
   * @throws NullPointerException when host, a timeout or the cluster node list (or one of its nodes) is null
   */
  public RedisConfig {
    RedisConfigChecks.checkHost(host);
    RedisConfigChecks.checkPort(port);
    RedisConfigChecks.checkDatabase(database);
    clusterNodes = RedisConfigChecks.checkClusterNodes(clusterNodes);
    if (!clusterNodes.isEmpty()) {
      RedisConfigChecks.checkClusterDatabase(database);
      RedisNode first = clusterNodes.get(0);
      if (!first.host().equals(host) || first.port() != port) {
        throw new IllegalArgumentException("host and port must be those of the first cluster seed " + first
            + ", got " + new RedisNode(host, port));
      }
    }
    RedisConfigChecks.checkPositive("connectTimeout", connectTimeout);
    RedisConfigChecks.checkPositive("commandTimeout", commandTimeout);
    RedisConfigChecks.checkPoolSize(poolSize);
    username = RedisConfigChecks.emptyToNull(username);
    password = RedisConfigChecks.emptyToNull(password);
    clientName = RedisConfigChecks.emptyToNull(clientName);
    if (clientName != null && clientName.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException(
          "clientName must not contain spaces or control characters, got '" + clientName + "'");
    }
    if (!tls && tlsCaCertificates != null) {
      throw new IllegalArgumentException("tlsCaCertificates (" + tlsCaCertificates
          + ") is set but TLS is off; use rediss:// or tls(true)");
    }
    if (!tls && !tlsVerifyPeer) {
      throw new IllegalArgumentException("tlsVerifyPeer is false but TLS is off; use rediss:// or tls(true)");
    }
  }

  /**
   * Creates a config with TLS (when on) verified against the JVM's default trust store.
   *
   * @param host the server's host name or address, or the first cluster seed's; not blank
   * @param port the server's TCP port, 1 to 65535
   * @param database the logical database index, 0 or more; 0 for a cluster
   * @param username the ACL user name, or {@code null} or empty for the default user
   * @param password the password, or {@code null} or empty when the server needs none
   * @param tls whether to connect with TLS ({@code rediss://})
   * @param connectTimeout how long to wait for a connection to be established; positive
   * @param commandTimeout how long to wait for the reply to one command; positive
   * @param clientName the name set with {@code CLIENT SETNAME}, or {@code null}; no spaces or control characters
   * @param poolSize how many connections a pooled driver keeps open; 1 or more
   * @param clusterNodes the seed nodes of a Redis Cluster, the first one at {@code host:port}; empty for a single
   *     server
   * @throws IllegalArgumentException naming the field and the value when one is out of range
   */
  public RedisConfig(String host, int port, int database, @Nullable String username, @Nullable String password,
      boolean tls, Duration connectTimeout, Duration commandTimeout, @Nullable String clientName, int poolSize,
      List<RedisNode> clusterNodes) {
    this(host, port, database, username, password, tls, connectTimeout, commandTimeout, clientName, poolSize,
        clusterNodes, null, true);
  }

  /**
   * Creates a single-server config, without cluster seeds.
   *
   * @param host the server's host name or address; not blank
   * @param port the server's TCP port, 1 to 65535
   * @param database the logical database index, 0 or more
   * @param username the ACL user name, or {@code null} or empty for the default user
   * @param password the password, or {@code null} or empty when the server needs none
   * @param tls whether to connect with TLS ({@code rediss://})
   * @param connectTimeout how long to wait for a connection to be established; positive
   * @param commandTimeout how long to wait for the reply to one command; positive
   * @param clientName the name set with {@code CLIENT SETNAME}, or {@code null}; no spaces or control characters
   * @param poolSize how many connections a pooled driver keeps open; 1 or more
   * @throws IllegalArgumentException naming the field and the value when one is out of range
   */
  public RedisConfig(String host, int port, int database, @Nullable String username, @Nullable String password,
      boolean tls, Duration connectTimeout, Duration commandTimeout, @Nullable String clientName, int poolSize) {
    this(host, port, database, username, password, tls, connectTimeout, commandTimeout, clientName, poolSize,
        List.of());
  }

  /** {@return whether this config names a Redis Cluster (it has seed nodes) rather than a single server} */
  public boolean isCluster() {
    return !clusterNodes.isEmpty();
  }

  /**
   * {@return a builder with the defaults: {@code localhost:6379}, database 0, no TLS, 2 s timeouts, 16 connections}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses a {@code redis://} or {@code rediss://} URL.
   *
   * @param url the URL, in the form described above; surrounding white space is ignored
   * @return the config the URL describes
   * @throws IllegalArgumentException when the URL is malformed, the scheme is unknown or a field is out of range;
   *     the message names the part and never contains the password
   */
  public static RedisConfig fromUrl(String url) {
    return RedisConfigUrls.parse(Objects.requireNonNull(url, "url"));
  }

  /**
   * Builds a cluster config from one {@code redis://} URL per seed node (a URL may itself list several seeds). The
   * URLs must agree on everything but host and port; the seeds keep their order, duplicates dropped.
   *
   * @param urls one URL per seed node, at least one
   * @return a cluster config with the settings the URLs share and all their seeds
   * @throws IllegalArgumentException when the list is empty, a URL is malformed, or two URLs disagree on a field
   *     (named; the password is never shown)
   */
  public static RedisConfig fromUrls(List<String> urls) {
    return RedisConfigUrls.merge(Objects.requireNonNull(urls, "urls"));
  }

  /** {@return this config's {@code host:port} as a node: the server, or the first cluster seed} */
  public RedisNode node() {
    return new RedisNode(host, port);
  }

  /** {@return the URL that {@link #fromUrl(String)} turns back into this config, password included} */
  public String toUrl() {
    return RedisConfigUrls.format(this, false);
  }

  /** {@return a builder that starts from this config's fields} */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Shows every field but the password, which appears as {@code ***} when set. */
  @Override
  public String toString() {
    return "RedisConfig[" + RedisConfigUrls.format(this, true) + "]";
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
    private List<RedisNode> clusterNodes = List.of();
    private @Nullable Path tlsCaCertificates;
    private boolean tlsVerifyPeer = true;

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
      clusterNodes = config.clusterNodes;
      tlsCaCertificates = config.tlsCaCertificates;
      tlsVerifyPeer = config.tlsVerifyPeer;
    }

    /**
     * Sets the host name or address of a single server.
     *
     * @param host the host name or address (an IPv6 address without brackets); default {@code localhost}
     * @return this builder
     * @throws IllegalArgumentException when blank
     * @throws IllegalStateException when cluster nodes are set (the host is then the first seed's)
     */
    public Builder host(String host) {
      RedisConfigChecks.checkHost(host);
      checkNotCluster("host");
      this.host = host;
      return this;
    }

    /**
     * Sets the port of a single server.
     *
     * @param port the TCP port, 1 to 65535; default {@value RedisConfig#DEFAULT_PORT}
     * @return this builder
     * @throws IllegalArgumentException when not between 1 and 65535
     * @throws IllegalStateException when cluster nodes are set (the port is then the first seed's)
     */
    public Builder port(int port) {
      RedisConfigChecks.checkPort(port);
      checkNotCluster("port");
      this.port = port;
      return this;
    }

    /**
     * Sets the logical database index.
     *
     * @param database the index, 0 or more; default 0
     * @return this builder
     * @throws IllegalArgumentException when negative, or other than 0 for a cluster
     */
    public Builder database(int database) {
      RedisConfigChecks.checkDatabase(database);
      if (!clusterNodes.isEmpty()) {
        RedisConfigChecks.checkClusterDatabase(database);
      }
      this.database = database;
      return this;
    }

    /**
     * Makes the config a Redis Cluster one with these seed nodes (host and port become the first seed's), or, with
     * an empty list, a single-server one again at the first seed's address.
     *
     * @param nodes the seed nodes, each listed once; the list is copied
     * @return this builder
     * @throws IllegalArgumentException when a node repeats, or the database set is not 0
     * @throws NullPointerException when the list or a node is null
     */
    public Builder clusterNodes(List<RedisNode> nodes) {
      List<RedisNode> checked = RedisConfigChecks.checkClusterNodes(nodes);
      if (!checked.isEmpty()) {
        RedisConfigChecks.checkClusterDatabase(database);
        host = checked.get(0).host();
        port = checked.get(0).port();
      }
      this.clusterNodes = checked;
      return this;
    }

    /**
     * Makes the config a Redis Cluster one with these seed nodes; see {@link #clusterNodes(List)}.
     *
     * @param nodes the seed nodes, each listed once
     * @return this builder
     * @throws IllegalArgumentException when a node repeats, or the database set is not 0
     */
    public Builder clusterNodes(RedisNode... nodes) {
      return clusterNodes(List.of(nodes));
    }

    /**
     * Makes the config a Redis Cluster one with seed nodes written {@code host:port} (IPv6 as {@code [::1]:7000}).
     *
     * @param hostAndPorts the seed addresses, at least one; a bare host means port {@value RedisConfig#DEFAULT_PORT}
     * @return this builder
     * @throws IllegalArgumentException when an address is malformed or no address is given
     */
    public Builder cluster(String... hostAndPorts) {
      if (hostAndPorts.length == 0) {
        throw new IllegalArgumentException("a Redis Cluster needs at least one seed node, got none");
      }
      List<RedisNode> nodes = new ArrayList<>(hostAndPorts.length);
      for (String hostAndPort : hostAndPorts) {
        nodes.add(RedisNode.parse(hostAndPort));
      }
      return clusterNodes(nodes);
    }

    private void checkNotCluster(String field) {
      if (!clusterNodes.isEmpty()) {
        throw new IllegalStateException("cannot set " + field + " of a Redis Cluster config: it is the first seed's ("
            + clusterNodes.get(0) + "); change clusterNodes instead, or clear them first");
      }
    }

    /**
     * Sets the ACL user name.
     *
     * @param username the user name; {@code null} or empty means the default user
     * @return this builder
     */
    public Builder username(@Nullable String username) {
      this.username = username;
      return this;
    }

    /**
     * Sets the password, which {@link RedisConfig#toString()} never shows.
     *
     * @param password the password; {@code null} or empty means none
     * @return this builder
     */
    public Builder password(@Nullable String password) {
      this.password = password;
      return this;
    }

    /**
     * Turns TLS on or off; with TLS the server's certificate is verified unless {@link #tlsVerifyPeer} says no.
     *
     * @param tls {@code true} to connect with TLS, as {@code rediss://} does; default {@code false}
     * @return this builder
     */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /**
     * Trusts only the CA certificates in this PEM file (one or more {@code BEGIN CERTIFICATE} blocks) for the
     * server's certificate, instead of the JVM's default trust store; {@code null} goes back to the default. The
     * file is read when connecting.
     *
     * @param pemFile the PEM file, or {@code null} for the JVM's default trust store; needs TLS on at {@link #build()}
     * @return this builder
     * @throws IllegalArgumentException when the path is not a readable regular file
     */
    public Builder tlsCaCertificates(@Nullable Path pemFile) {
      if (pemFile != null && !(Files.isRegularFile(pemFile) && Files.isReadable(pemFile))) {
        throw new IllegalArgumentException("tlsCaCertificates must be a readable PEM file, got " + pemFile);
      }
      this.tlsCaCertificates = pemFile;
      return this;
    }

    /**
     * INSECURE when {@code false}: accepts any server certificate for any host name, so anyone on the network path
     * can impersonate Redis and read the password and the data. On ({@code true}) by default; turn it off only for
     * throwaway test setups. Connecting with it off logs a warning.
     *
     * @param verifyPeer whether to verify the server's certificate and host name; {@code false} needs TLS on at
     *     {@link #build()}
     * @return this builder
     */
    public Builder tlsVerifyPeer(boolean verifyPeer) {
      this.tlsVerifyPeer = verifyPeer;
      return this;
    }

    /**
     * Sets how long to wait for a connection.
     *
     * @param connectTimeout the time to wait for a connection to be established; positive, default 2 s
     * @return this builder
     * @throws IllegalArgumentException when zero or negative
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = RedisConfigChecks.checkPositive("connectTimeout", connectTimeout);
      return this;
    }

    /**
     * Sets how long to wait for the reply to one command.
     *
     * @param commandTimeout the time to wait for one reply; positive, default 2 s
     * @return this builder
     * @throws IllegalArgumentException when zero or negative
     */
    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = RedisConfigChecks.checkPositive("commandTimeout", commandTimeout);
      return this;
    }

    /**
     * Sets the connection name shown by {@code CLIENT LIST}.
     *
     * @param clientName the name, without spaces or control characters (checked at {@link #build()}); {@code null}
     *     for none
     * @return this builder
     */
    public Builder clientName(@Nullable String clientName) {
      this.clientName = clientName;
      return this;
    }

    /**
     * Sets how many connections a pooled driver keeps.
     *
     * @param poolSize the number of connections, 1 or more; default 16
     * @return this builder
     * @throws IllegalArgumentException when less than 1
     */
    public Builder poolSize(int poolSize) {
      this.poolSize = RedisConfigChecks.checkPoolSize(poolSize);
      return this;
    }

    /**
     * Builds the config.
     *
     * @return a new config with this builder's settings
     * @throws IllegalArgumentException when a field is invalid
     */
    public RedisConfig build() {
      return new RedisConfig(
          host, port, database, username, password, tls, connectTimeout, commandTimeout, clientName, poolSize,
          clusterNodes, tlsCaCertificates, tlsVerifyPeer);
    }
  }
}
