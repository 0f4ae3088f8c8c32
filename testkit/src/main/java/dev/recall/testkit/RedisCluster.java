package dev.recall.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A real Redis Cluster of masters on loopback, for tests: {@code redis-server --cluster-enabled yes} processes on
 * free ports at most 55535 (each also listens on its port + 10000 for the cluster bus), joined with
 * {@code CLUSTER MEET} and {@code CLUSTER ADDSLOTS} (no {@code redis-cli} needed, and Redis 6.2 works), the 16384
 * slots split evenly. {@link #start()} returns once every node reports {@code cluster_state:ok} and knows every
 * other node, or fails within 30 seconds with the nodes' logs. {@link #close()} stops the nodes. Thread-safe; control
 * commands use the test kit's own RESP client, one connection per call.
 */
public final class RedisCluster implements RedisTarget, AutoCloseable {
  /** The number of hash slots of every Redis Cluster. */
  public static final int SLOTS = 16384;

  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_PORT = 55535;
  private static final int BUS_PORT_OFFSET = 10000;
  private static final int CONTROL_TIMEOUT_MILLIS = 5000;
  private static final Pattern REDIRECT = Pattern.compile("(MOVED|ASK) \\d+ (\\S+):(\\d+)");

  private final List<RedisServer> nodes;
  private final List<String> nodeIds;
  private final Path configDir;

  private RedisCluster(List<RedisServer> nodes, List<String> nodeIds, Path configDir) {
    this.nodes = List.copyOf(nodes);
    this.nodeIds = List.copyOf(nodeIds);
    this.configDir = configDir;
  }

  /**
   * Starts a cluster of three masters with {@code redis-server} from {@link RedisBinaries#redisServer()}.
   *
   * @throws RedisServerException when there is no {@code redis-server}, or the cluster is not ok within 30 s
   */
  public static RedisCluster start() {
    return start(RedisBinaries.redisServer(), 3);
  }

  /**
   * Starts a cluster of {@code masters} masters with the given {@code redis-server} binary.
   *
   * @throws IllegalArgumentException when {@code masters} is less than 1
   * @throws RedisServerException when the binary is missing or not runnable, or the cluster is not ok within 30 s
   */
  public static RedisCluster start(Path binary, int masters) {
    Objects.requireNonNull(binary, "binary");
    if (masters < 1) {
      throw new IllegalArgumentException("a cluster needs at least 1 master, got " + masters);
    }
    if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
      throw new RedisServerException("cannot start a Redis Cluster: redis-server not found or not executable at "
          + binary + "; install Redis (redis-server on the PATH) or set REDIS_SERVER to its path");
    }
    Path configDir;
    try {
      configDir = Files.createTempDirectory("recall-redis-cluster");
    } catch (IOException e) {
      throw new RedisServerException("cannot create a directory for the cluster config files: " + e, e);
    }
    List<RedisServer> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < masters; i++) {
        nodes.add(spawnNode(binary, configDir, nodes));
      }
      List<String> ids = join(nodes);
      return new RedisCluster(nodes, ids, configDir);
    } catch (RuntimeException e) {
      nodes.forEach(RedisServer::kill);
      deleteQuietly(configDir);
      throw e;
    }
  }

  private static RedisServer spawnNode(Path binary, Path configDir, List<RedisServer> taken) {
    RedisServerException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freeClusterPort(taken);
      try {
        return RedisServer.spawn(binary, port,
            "--cluster-enabled", "yes",
            "--cluster-config-file", configDir.resolve("nodes-" + port + ".conf").toString(),
            // Short, so that a node that is stopped on purpose is noticed quickly.
            "--cluster-node-timeout", "2000");
      } catch (RedisServerException e) {
        // Another process may have taken the port (or its bus port) since it was checked.
        last = e;
      }
    }
    throw new RedisServerException("cannot start a Redis Cluster node: " + Objects.requireNonNull(last).getMessage(),
        last);
  }

  /** A port at most 55535 that is free on loopback now, with its cluster bus port (+10000) free too. */
  private static int freeClusterPort(List<RedisServer> taken) {
    Set<Integer> used = new java.util.HashSet<>();
    taken.forEach(node -> {
      used.add(node.port());
      used.add(node.port() + BUS_PORT_OFFSET);
    });
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20000, MAX_PORT + 1);
      if (!used.contains(port) && !used.contains(port + BUS_PORT_OFFSET) && isFree(port)
          && isFree(port + BUS_PORT_OFFSET)) {
        return port;
      }
    }
    throw new RedisServerException("cannot find a free loopback port pair (port and port + 10000) up to " + MAX_PORT);
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> join(List<RedisServer> nodes) {
    int count = nodes.size();
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      RedisServer node = nodes.get(i);
      ids.add(String.valueOf(node.command("CLUSTER", "MYID")));
      // Distinct epochs up front spare the nodes the collision resolution that would otherwise slow the join.
      node.command("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
      int from = i * SLOTS / count;
      int to = (i + 1) * SLOTS / count;
      // ADDSLOTSRANGE only exists from Redis 7; ADDSLOTS with every slot works on 6.2 too.
      String[] addSlots = new String[2 + to - from];
      addSlots[0] = "CLUSTER";
      addSlots[1] = "ADDSLOTS";
      for (int slot = from; slot < to; slot++) {
        addSlots[2 + slot - from] = Integer.toString(slot);
      }
      node.command(addSlots);
    }
    for (int i = 1; i < count; i++) {
      nodes.get(0).command("CLUSTER", "MEET", nodes.get(i).host(), Integer.toString(nodes.get(i).port()));
    }
    long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
    String lastState = "";
    while (true) {
      lastState = notReady(nodes);
      if (lastState == null) {
        return ids;
      }
      if (System.nanoTime() > deadline) {
        StringBuilder logs = new StringBuilder();
        for (RedisServer node : nodes) {
          logs.append("\n  node ").append(node.port()).append(": ").append(node.logTail());
        }
        throw new RedisServerException("the Redis Cluster of " + count + " nodes was not ok within "
            + JOIN_TIMEOUT.toSeconds() + " s: " + lastState + logs);
      }
      sleep(50);
    }
  }

  /** Returns why some node is not ready yet, or {@code null} when every node is. */
  private static @Nullable String notReady(List<RedisServer> nodes) {
    for (RedisServer node : nodes) {
      String info;
      try {
        info = String.valueOf(node.command("CLUSTER", "INFO"));
      } catch (RedisServerException e) {
        return "node " + node.port() + " does not answer: " + e.getMessage();
      }
      if (!info.contains("cluster_state:ok")) {
        return "node " + node.port() + " reports " + line(info, "cluster_state");
      }
      if (!info.contains("cluster_known_nodes:" + nodes.size() + "\r")
          && !info.contains("cluster_known_nodes:" + nodes.size() + "\n")) {
        return "node " + node.port() + " reports " + line(info, "cluster_known_nodes");
      }
    }
    return null;
  }

  private static String line(String info, String field) {
    return info.lines().filter(l -> l.startsWith(field)).findFirst().orElse(field + " missing").strip();
  }

  /** Returns the nodes, all masters, in the order they were started (slots split in that order). */
  public List<RedisServer> nodes() {
    return nodes;
  }

  /** Returns each node's {@code redis://} URL, in node order. */
  public List<String> seedUrls() {
    return nodes.stream().map(RedisServer::url).toList();
  }

  /** Returns {@code redis://host1:port1,host2:port2,.../0}, the cluster URL form Recall reads. */
  @Override
  public String url() {
    return "redis://" + String.join(",", nodes.stream().map(n -> n.host() + ":" + n.port()).toList()) + "/0";
  }

  /** Returns true. */
  @Override
  public boolean isCluster() {
    return true;
  }

  /** Returns a node's cluster id ({@code CLUSTER MYID}). */
  public String nodeId(RedisServer node) {
    int index = nodes.indexOf(node);
    if (index < 0) {
      throw new IllegalArgumentException(node + " is not a node of this cluster");
    }
    return nodeIds.get(index);
  }

  /**
   * Returns the hash slot of a key, as {@code CLUSTER KEYSLOT} computes it.
   *
   * @throws RedisServerException when the cluster is unreachable
   */
  public int keySlot(String key) {
    return ((Long) Objects.requireNonNull(nodes.get(0).command("CLUSTER", "KEYSLOT", key))).intValue();
  }

  /**
   * Returns the node that owns a slot, in the first node's view ({@code CLUSTER SLOTS}).
   *
   * @throws RedisServerException when no node owns it or the cluster is unreachable
   */
  public RedisServer ownerOf(int slot) {
    return ownerOf(slot, nodes.get(0));
  }

  /**
   * Returns the node that owns a slot in the given node's view ({@code CLUSTER SLOTS} asked there).
   *
   * @throws RedisServerException when no node owns it in that view or the node is unreachable
   */
  public RedisServer ownerOf(int slot, RedisServer view) {
    Object reply = view.command("CLUSTER", "SLOTS");
    for (Object range : (List<?>) Objects.requireNonNull(reply)) {
      List<?> fields = (List<?>) range;
      long from = (Long) fields.get(0);
      long to = (Long) fields.get(1);
      if (slot >= from && slot <= to) {
        int port = ((Long) ((List<?>) fields.get(2)).get(1)).intValue();
        return nodes.stream().filter(n -> n.port() == port).findFirst()
            .orElseThrow(() -> new RedisServerException("slot " + slot + " is owned by unknown port " + port));
      }
    }
    throw new RedisServerException("no node owns slot " + slot);
  }

  /**
   * Returns the node that owns a key's slot.
   *
   * @throws RedisServerException when the cluster is unreachable
   */
  public RedisServer ownerOfKey(String key) {
    return ownerOf(keySlot(key));
  }

  /**
   * Moves a slot, with its keys, to another master while clients may keep using it: the target is set
   * {@code IMPORTING}, the owner {@code MIGRATING}, the keys are moved {@code keysPerStep} at a time with
   * {@code MIGRATE} (clients get {@code ASK} redirections meanwhile), then every master is told the new owner with
   * {@code SETSLOT NODE} (clients then get {@code MOVED}). Key names must be UTF-8 text.
   *
   * @throws IllegalArgumentException when the slot is out of range, the target is not a node of this cluster, or
   *     {@code keysPerStep} is less than 1
   * @throws RedisServerException when a node refuses a step
   */
  public void migrateSlot(int slot, RedisServer target, int keysPerStep) {
    if (slot < 0 || slot >= SLOTS) {
      throw new IllegalArgumentException("slot must be between 0 and " + (SLOTS - 1) + ", got " + slot);
    }
    if (keysPerStep < 1) {
      throw new IllegalArgumentException("keysPerStep must be 1 or more, got " + keysPerStep);
    }
    String targetId = nodeId(target);
    RedisServer source = ownerOf(slot);
    if (source.equals(target)) {
      return;
    }
    String s = Integer.toString(slot);
    target.command("CLUSTER", "SETSLOT", s, "IMPORTING", nodeId(source));
    source.command("CLUSTER", "SETSLOT", s, "MIGRATING", targetId);
    while (true) {
      List<?> keys = (List<?>) Objects.requireNonNull(
          source.command("CLUSTER", "GETKEYSINSLOT", s, Integer.toString(keysPerStep)));
      if (keys.isEmpty()) {
        break;
      }
      List<String> migrate = new ArrayList<>(List.of("MIGRATE", target.host(), Integer.toString(target.port()), "",
          "0", Integer.toString(CONTROL_TIMEOUT_MILLIS), "KEYS"));
      keys.forEach(key -> migrate.add(String.valueOf(key)));
      source.command(migrate.toArray(String[]::new));
    }
    // The target first, so that the slot is never owned by nobody in a node's view.
    target.command("CLUSTER", "SETSLOT", s, "NODE", targetId);
    source.command("CLUSTER", "SETSLOT", s, "NODE", targetId);
    for (RedisServer node : nodes) {
      if (!node.equals(target) && !node.equals(source)) {
        node.command("CLUSTER", "SETSLOT", s, "NODE", targetId);
      }
    }
  }

  /**
   * Sends the command to the first node and follows {@code MOVED} and {@code ASK} redirections (at most 5), so a
   * command naming a key runs on the key's node.
   */
  @Override
  public @Nullable Object command(String... command) {
    RedisServer node = nodes.get(0);
    String host = node.host();
    int port = node.port();
    boolean asking = false;
    for (int redirects = 0; ; redirects++) {
      try {
        return RespClient.call(host, port, CONTROL_TIMEOUT_MILLIS, null, asking, command);
      } catch (IOException e) {
        throw new RedisServerException("cannot reach cluster node " + host + ":" + port + ": " + e, e);
      } catch (RedisServerException e) {
        Matcher redirect = REDIRECT.matcher(String.valueOf(e.getMessage()));
        if (redirects >= 5 || !redirect.find()) {
          throw e;
        }
        asking = redirect.group(1).equals("ASK");
        host = redirect.group(2);
        port = Integer.parseInt(redirect.group(3));
      }
    }
  }

  @Override
  public List<@Nullable Object> commandOnEveryNode(String... command) {
    List<@Nullable Object> replies = new ArrayList<>(nodes.size());
    for (RedisServer node : nodes) {
      replies.add(node.command(command));
    }
    return replies;
  }

  @Override
  public long dbSize() {
    long keys = 0;
    for (RedisServer node : nodes) {
      keys += (Long) Objects.requireNonNull(node.command("DBSIZE"));
    }
    return keys;
  }

  /** Runs {@code FLUSHALL} on every master. */
  @Override
  public void flush() {
    commandOnEveryNode("FLUSHALL");
  }

  /** Stops every node (bounded in time) and deletes their config files. */
  @Override
  public void close() {
    nodes.forEach(RedisServer::stop);
    deleteQuietly(configDir);
  }

  @Override
  public String toString() {
    return "RedisCluster[" + String.join(",", nodes.stream().map(n -> Integer.toString(n.port())).toList()) + "]";
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // Temporary files only; the OS cleans the temp directory eventually.
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisServerException("interrupted while waiting for the Redis Cluster to form");
    }
  }
}
