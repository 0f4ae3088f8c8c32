package dev.recall.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * A real Redis server for tests, examples and benchmarks, on a loopback address.
 *
 * <p>{@link #start()} uses the server named by the {@code REDIS_URL} environment variable when it is set (which the
 * caller then owns), else spawns one; {@link #spawn(String...)} always spawns {@code redis-server} (from the
 * {@code PATH}, else the embedded binary) on a free port, without persistence. Spawned servers are stopped by
 * {@link #close()}, and at JVM exit at the latest. Thread-safe.
 */
public final class RedisServer implements RedisTarget, AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Set<RedisServer> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(RedisServer::killQuietly),
        "recall-redis-server-reaper"));
  }

  private final @Nullable Path binary;
  private final String host;
  private final int port;
  private final @Nullable String password;
  private final int database;
  private final boolean spawned;
  private final List<String> extraArgs;
  private final @Nullable Path logFile;
  private final @Nullable TestCertificates tls;
  private final @Nullable SSLSocketFactory tlsSockets;
  private volatile @Nullable Process process;
  // Its own working directory: a server started in a shared one would load the dump.rdb another left there (a
  // replication writes one even with --save ""), and a cluster node claims the slots of the keys it loaded.
  private @Nullable Path workDir;

  private RedisServer(@Nullable Path binary, String host, int port, @Nullable String password, int database,
      boolean spawned, List<String> extraArgs, @Nullable Path logFile) {
    this(binary, host, port, password, database, spawned, extraArgs, logFile, null);
  }

  private RedisServer(@Nullable Path binary, String host, int port, @Nullable String password, int database,
      boolean spawned, List<String> extraArgs, @Nullable Path logFile, @Nullable TestCertificates tls) {
    this.tls = tls;
    this.tlsSockets = tls == null ? null : tls.socketFactory();
    this.binary = binary;
    this.host = host;
    this.port = port;
    this.password = password;
    this.database = database;
    this.spawned = spawned;
    this.extraArgs = List.copyOf(extraArgs);
    this.logFile = logFile;
  }

  /**
   * Returns the server {@code REDIS_URL} names, or spawns one.
   *
   * @return the external server, or a spawned one that {@link #close()} stops
   * @throws IllegalArgumentException when {@code REDIS_URL} is not a {@code redis://} URL
   * @throws RedisServerException when no server can be started in time
   */
  public static RedisServer start() {
    String url = System.getenv("REDIS_URL");
    if (url != null && !url.isBlank()) {
      return external(url);
    }
    return spawn();
  }

  /**
   * Returns a handle on a server the caller runs; it is never stopped or restarted by this class.
   *
   * @param url a {@code redis://[:password@]host[:port][/database]} URL; port 6379 and database 0 when left out
   * @return the handle, made without connecting
   * @throws IllegalArgumentException when the URL is not a {@code redis://} URL
   */
  public static RedisServer external(String url) {
    URI uri = URI.create(url.strip());
    if (!"redis".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("expected a redis://host:port URL, got scheme " + uri.getScheme());
    }
    String userInfo = uri.getUserInfo();
    String password = userInfo == null ? null : userInfo.substring(userInfo.indexOf(':') + 1);
    String path = uri.getPath();
    int database = path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
    return new RedisServer(null, uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort(), password, database,
        false, List.of(), null);
  }

  /**
   * Spawns {@code redis-server} on a free loopback port with no persistence; extra arguments are passed on, such as
   * {@code "--cluster-enabled", "yes"}.
   *
   * @param extraArgs arguments appended to the {@code redis-server} command line, after the test kit's own
   * @return the running server; {@link #close()} stops it
   * @throws RedisServerException when it cannot be started within 15 seconds
   */
  public static RedisServer spawn(String... extraArgs) {
    return spawnOnPort(0, extraArgs);
  }

  /**
   * Spawns {@code redis-server} on the given port (0 for a free one).
   *
   * @param port the loopback port to listen on, or 0 for a free one
   * @param extraArgs arguments appended to the {@code redis-server} command line, after the test kit's own
   * @return the running server; {@link #close()} stops it
   * @throws RedisServerException when it cannot be started within 15 seconds
   */
  public static RedisServer spawnOnPort(int port, String... extraArgs) {
    return spawn(RedisBinaries.redisServer(), port, extraArgs);
  }

  /**
   * Spawns the given {@code redis-server} binary on the given port (0 for a free one).
   *
   * @param binary the {@code redis-server} executable to run
   * @param port the loopback port to listen on, or 0 for a free one
   * @param extraArgs arguments appended to the {@code redis-server} command line, after the test kit's own
   * @return the running server; {@link #close()} stops it
   * @throws RedisServerException when it cannot be started within 15 seconds
   */
  public static RedisServer spawn(Path binary, int port, String... extraArgs) {
    return spawn(binary, port, null, extraArgs);
  }

  /**
   * Spawns {@code redis-server} that accepts TLS connections only ({@code --tls-port}, {@code --port 0}) on a free
   * loopback port, with the server certificate of {@code certificates} and no client certificates required. Its
   * {@link #url()} is a {@code rediss://} URL that trusts the certificates' CA, and the control commands of this
   * class go over TLS too.
   *
   * @param certificates the CA and the server certificate and key the server uses
   * @param extraArgs arguments appended to the {@code redis-server} command line, after the test kit's own
   * @return the running server; {@link #close()} stops it
   * @throws RedisServerException when it cannot be started within 15 seconds (a binary without TLS cannot)
   * @throws NullPointerException when {@code certificates} is null
   */
  public static RedisServer spawnTls(TestCertificates certificates, String... extraArgs) {
    return spawn(RedisBinaries.redisServer(), 0, Objects.requireNonNull(certificates, "certificates"), extraArgs);
  }

  static RedisServer spawn(Path binary, int port, @Nullable TestCertificates tls, String... extraArgs) {
    RedisServerException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int chosen = port == 0 ? freePort() : port;
      Path log;
      try {
        log = Files.createTempFile("recall-redis-" + chosen + "-", ".log");
        log.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new RedisServerException("cannot create a log file for redis-server: " + e, e);
      }
      RedisServer server = new RedisServer(binary, "127.0.0.1", chosen, passwordIn(extraArgs), 0, true,
          List.of(extraArgs), log, tls);
      try {
        server.launch();
        return server;
      } catch (RedisServerException e) {
        last = e;
        if (port != 0) {
          break;
        }
      }
    }
    throw Objects.requireNonNull(last);
  }

  private static @Nullable String passwordIn(String[] args) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--requirepass")) {
        return args[i + 1];
      }
    }
    return null;
  }

  /** {@return the host, {@code 127.0.0.1} for spawned servers} */
  public String host() {
    return host;
  }

  /** {@return the port the server listens on; for a TLS server, its TLS port} */
  public int port() {
    return port;
  }

  /**
   * Returns a {@code redis://} URL for this server; for a TLS server a {@code rediss://} URL whose
   * {@code tlsCaCertificates} option names the test CA.
   */
  @Override
  public String url() {
    String auth = password == null ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@";
    if (tls != null) {
      return "rediss://" + auth + host + ":" + port + "/" + database + "?tlsCaCertificates="
          + URLEncoder.encode(tls.caCertificate().toString(), StandardCharsets.UTF_8);
    }
    return "redis://" + auth + host + ":" + port + "/" + database;
  }

  /** {@return whether this server accepts TLS connections only} */
  public boolean isTls() {
    return tls != null;
  }

  /** Returns false: this is one server. */
  @Override
  public boolean isCluster() {
    return false;
  }

  /** Sends the command to this server alone; the list has one reply. */
  @Override
  public List<@Nullable Object> commandOnEveryNode(String... command) {
    List<@Nullable Object> replies = new ArrayList<>(1);
    replies.add(command(command));
    return replies;
  }

  /** Returns {@code DBSIZE} of this server's database. */
  @Override
  public long dbSize() {
    return (Long) Objects.requireNonNull(command("DBSIZE"));
  }

  /** {@return whether this class started the server (and so may stop and restart it)} */
  public boolean isSpawned() {
    return spawned;
  }

  /** {@return whether the server answers {@code PING}, given a second to connect and a second to reply} */
  public boolean isUp() {
    try {
      return "PONG".equals(call(1000, "PING"));
    } catch (IOException | RedisServerException e) {
      return false;
    }
  }

  /**
   * Sends one command to this server's database (the one its {@link #url()} names) and returns its reply (strings,
   * longs, lists or {@code null}).
   *
   * @throws RedisServerException when the server is unreachable or answers with an error
   */
  @Override
  public @Nullable Object command(String... command) {
    try {
      return call(5000, command);
    } catch (IOException e) {
      throw new RedisServerException("cannot reach the test server at " + host + ":" + port + ": " + e, e);
    }
  }

  /**
   * Removes every key of this server's database: the database of the {@code REDIS_URL} for an external server, so
   * the other databases of a shared server are left alone.
   */
  @Override
  public void flush() {
    command(database == 0 && spawned ? "FLUSHALL" : "FLUSHDB");
  }

  /**
   * Stops the server gracefully and waits for the process to end (bounded); a no-op for external servers.
   */
  public synchronized void stop() {
    Process running = process;
    if (!spawned || running == null) {
      return;
    }
    try {
      call(2000, "SHUTDOWN", "NOSAVE");
    } catch (IOException | RedisServerException e) {
      // The connection drops as the server exits; the wait below decides.
    }
    Processes.awaitExit(running, STOP_TIMEOUT);
    process = null;
    RUNNING.remove(this);
  }

  /** Kills the server at once (SIGKILL), as a crash would; a no-op for external servers. */
  public synchronized void kill() {
    Process running = process;
    if (!spawned || running == null) {
      return;
    }
    running.destroyForcibly();
    Processes.awaitExit(running, STOP_TIMEOUT);
    process = null;
    RUNNING.remove(this);
  }

  /**
   * Starts a stopped or killed server again on the same port, empty.
   *
   * @throws IllegalStateException for an external server
   * @throws RedisServerException when it does not come up in time
   */
  public synchronized void restart() {
    if (!spawned) {
      throw new IllegalStateException("cannot restart a server this test kit did not start: " + host + ":" + port);
    }
    if (process != null) {
      stop();
    }
    // Until the port is bound again another process may take it (a client connection's local port, given out by
    // the OS): wait a while for it to be let go rather than fail the test that restarts this server.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        launch();
        return;
      } catch (RedisServerException e) {
        if (!String.valueOf(e.getMessage()).contains("Address already in use") || System.nanoTime() - deadline > 0) {
          throw e;
        }
        Processes.pause(200);
      }
    }
  }

  /** Stops a spawned server and deletes its working directory; leaves an external one alone. */
  @Override
  public void close() {
    stop();
    synchronized (this) {
      if (workDir != null) {
        Processes.deleteQuietly(workDir);
        workDir = null;
      }
    }
  }

  private synchronized Path workDir() {
    if (workDir == null) {
      try {
        workDir = Files.createTempDirectory("recall-redis-" + port + "-");
      } catch (IOException e) {
        throw new RedisServerException("cannot create a working directory for redis-server: " + e, e);
      }
    }
    return workDir;
  }

  @Override
  public String toString() {
    return "RedisServer[" + host + ":" + port + (tls != null ? ", tls" : "") + (spawned ? ", spawned" : ", external")
        + "]";
  }

  private synchronized void launch() {
    Path binary = Objects.requireNonNull(this.binary);
    List<String> command = new ArrayList<>(List.of(binary.toString(),
        "--port", Integer.toString(tls == null ? port : 0), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--daemonize", "no", "--protected-mode", "yes", "--dir", workDir().toString()));
    if (tls != null) {
      command.addAll(List.of("--tls-port", Integer.toString(port),
          "--tls-cert-file", tls.serverCertificate().toString(), "--tls-key-file", tls.serverKey().toString(),
          "--tls-ca-cert-file", tls.caCertificate().toString(), "--tls-auth-clients", "no"));
    }
    if (RedisBinaries.majorVersion(binary) >= 7) {
      // Fault tests use DEBUG SLEEP; Redis 7 refuses DEBUG unless allowed.
      command.addAll(List.of("--enable-debug-command", "local"));
    }
    command.addAll(extraArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(Objects.requireNonNull(logFile).toFile());
    Process started;
    try {
      started = builder.start();
    } catch (IOException e) {
      throw new RedisServerException("cannot run " + binary + ": " + e, e);
    }
    process = started;
    RUNNING.add(this);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        process = null;
        RUNNING.remove(this);
        throw new RedisServerException("redis-server exited at start on port " + port + ": " + logTail());
      }
      if (isUp()) {
        return;
      }
      Processes.pause(20);
    }
    killQuietly();
    throw new RedisServerException("redis-server did not answer PING within " + START_TIMEOUT.toSeconds()
        + " s on port " + port + ": " + logTail());
  }

  private @Nullable Object call(int timeoutMillis, String... command) throws IOException {
    return RespClient.call(tlsSockets, host, port, timeoutMillis, password, database, false, command);
  }

  private void killQuietly() {
    Process running = process;
    if (running != null) {
      running.destroyForcibly();
      try {
        running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    process = null;
    RUNNING.remove(this);
  }

  /** Returns the last lines of a spawned server's log, for error messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(Objects.requireNonNull(logFile), StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log)";
    }
  }

  /**
   * {@return a TCP port that is free on the loopback address now; another process may take it before it is used}
   *
   * @throws RedisServerException when no loopback port can be bound
   */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new RedisServerException("cannot find a free port: " + e, e);
    }
  }
}
