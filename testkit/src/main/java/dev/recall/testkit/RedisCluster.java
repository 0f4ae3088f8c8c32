package dev.recall.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * A real Redis Cluster on loopback, for tests: {@code redis-server --cluster-enabled yes} processes on free ports at
 * most 55535 (each also listens on its port + 10000 for the cluster bus), joined with {@code CLUSTER MEET},
 * {@code CLUSTER ADDSLOTS} and {@code CLUSTER REPLICATE} (no {@code redis-cli} needed, and Redis 6.2 works), the 16384
 * slots split evenly over the masters. The {@link #builder()} adds replicas and TLS ({@code --tls-cluster}: clients,
 * the cluster bus and replication all over TLS). {@link #start()} returns once every node reports
 * {@code cluster_state:ok} and knows every other node and every replica is in sync, or fails within 30 seconds with
 * the nodes' logs. {@link #failover(RedisServer)} kills a master and waits for its replica to take over.
 * {@link #close()} stops the nodes. Thread-safe; control commands use the test kit's own RESP client, one connection
 * per call.
 */
public final class RedisCluster implements RedisTarget, AutoCloseable {
  /** The number of hash slots of every Redis Cluster. */
  public static final int SLOTS = 16384;

  static final int CONTROL_TIMEOUT_MILLIS = 5000;
  private static final Pattern REDIRECT = Pattern.compile("(MOVED|ASK) \\d+ (\\S+):(\\d+)");

  private final Map<RedisServer, String> nodeIds;
  private final Path configDir;
  private final @Nullable TestCertificates tls;
  private final @Nullable SSLSocketFactory tlsSockets;
  // Roles change on failover: a replica becomes a master and the killed master comes back as its replica.
  private volatile List<RedisServer> masters;
  private volatile List<RedisServer> replicas;

  private RedisCluster(List<RedisServer> masters, List<RedisServer> replicas, Map<RedisServer, String> nodeIds,
      Path configDir, @Nullable TestCertificates tls) {
    this.masters = List.copyOf(masters);
    this.replicas = List.copyOf(replicas);
    this.nodeIds = new ConcurrentHashMap<>(nodeIds);
    this.configDir = configDir;
    this.tls = tls;
    this.tlsSockets = tls == null ? null : tls.socketFactory();
  }

  /**
   * Starts a cluster of three masters with {@code redis-server} from {@link RedisBinaries#redisServer()}.
   *
   * @return the running cluster; {@link #close()} stops it
   * @throws RedisServerException when there is no {@code redis-server}, or the cluster is not ok within 30 s
   */
  public static RedisCluster start() {
    return builder().start();
  }

  /**
   * Starts a cluster of {@code masters} masters with the given {@code redis-server} binary.
   *
   * @param binary the {@code redis-server} executable every node runs
   * @param masters the number of masters, at least 1
   * @return the running cluster; {@link #close()} stops it
   * @throws IllegalArgumentException when {@code masters} is less than 1
   * @throws RedisServerException when the binary is missing or not runnable, or the cluster is not ok within 30 s
   */
  public static RedisCluster start(Path binary, int masters) {
    return builder().binary(binary).masters(masters).start();
  }

  /** {@return a builder for a cluster of three masters, no replicas, plain text} */
  public static Builder builder() {
    return new Builder();
  }

  /** Chooses the binary, the masters, the replicas per master and TLS of a cluster to start. */
  public static final class Builder {
    private @Nullable Path binary;
    private int masters = 3;
    private int replicasPerMaster;
    private @Nullable TestCertificates tls;

    private Builder() {}

    /**
     * The {@code redis-server} binary; by default {@link RedisBinaries#redisServer()}.
     *
     * @param binary the executable every node runs
     * @return this builder
     * @throws NullPointerException when {@code binary} is null
     */
    public Builder binary(Path binary) {
      this.binary = Objects.requireNonNull(binary, "binary");
      return this;
    }

    /**
     * The number of masters, 3 by default.
     *
     * @param masters how many masters to start; the slots are split evenly over them
     * @return this builder
     * @throws IllegalArgumentException when less than 1
     */
    public Builder masters(int masters) {
      if (masters < 1) {
        throw new IllegalArgumentException("a cluster needs at least 1 master, got " + masters);
      }
      this.masters = masters;
      return this;
    }

    /**
     * The number of replicas of each master, 0 by default.
     *
     * @param replicas how many replicas each master gets, each on its own port
     * @return this builder
     * @throws IllegalArgumentException when negative
     */
    public Builder replicasPerMaster(int replicas) {
      if (replicas < 0) {
        throw new IllegalArgumentException("replicasPerMaster must be 0 or more, got " + replicas);
      }
      this.replicasPerMaster = replicas;
      return this;
    }

    /**
     * Makes every node accept TLS only, with these certificates, for clients, the cluster bus and replication; the
     * {@link #url()} is then a {@code rediss://} URL that trusts their CA.
     *
     * @param certificates the CA and the server certificate and key every node uses
     * @return this builder
     * @throws NullPointerException when {@code certificates} is null
     */
    public Builder tls(TestCertificates certificates) {
      this.tls = Objects.requireNonNull(certificates, "certificates");
      return this;
    }

    /**
     * Starts the nodes and forms the cluster.
     *
     * @return the running cluster; {@link RedisCluster#close()} stops it
     * @throws RedisServerException when the binary is missing or not runnable, or the cluster is not ok within 30 s
     */
    public RedisCluster start() {
      Path server = binary != null ? binary : RedisBinaries.redisServer();
      if (!Files.isRegularFile(server) || !Files.isExecutable(server)) {
        throw new RedisServerException("cannot start a Redis Cluster: redis-server not found or not executable at "
            + server + "; install Redis (redis-server on the PATH) or set REDIS_SERVER to its path");
      }
      Path configDir;
      try {
        configDir = Files.createTempDirectory("recall-redis-cluster");
      } catch (IOException e) {
        throw new RedisServerException("cannot create a directory for the cluster config files: " + e, e);
      }
      List<RedisServer> all = new ArrayList<>();
      try {
        List<RedisServer> masterNodes = new ArrayList<>();
        for (int i = 0; i < masters; i++) {
          masterNodes.add(ClusterFormation.spawnNode(server, configDir, tls, all));
        }
        List<RedisServer> replicaNodes = new ArrayList<>();
        for (int i = 0; i < masters * replicasPerMaster; i++) {
          replicaNodes.add(ClusterFormation.spawnNode(server, configDir, tls, all));
        }
        SSLSocketFactory sockets = tls == null ? null : tls.socketFactory();
        Map<RedisServer, String> ids = ClusterFormation.join(masterNodes, replicaNodes, sockets);
        return new RedisCluster(masterNodes, replicaNodes, ids, configDir, tls);
      } catch (RuntimeException e) {
        all.forEach(node -> {
          node.kill();
          node.close();
        });
        Processes.deleteQuietly(configDir);
        throw e;
      }
    }
  }


  /** {@return the masters, in the order they were started (slots split in that order), promoted replicas in place} */
  public List<RedisServer> nodes() {
    return masters;
  }

  /** {@return the replicas, in the order of their masters; empty unless the builder asked for replicas} */
  public List<RedisServer> replicas() {
    return replicas;
  }

  /**
   * {@return the first replica of a master, as the master reports it ({@code INFO replication})}
   *
   * @param master a master of this cluster
   * @throws IllegalArgumentException when the node is not a master of this cluster or has no replica
   * @throws RedisServerException when the master is unreachable
   */
  public RedisServer replicaOf(RedisServer master) {
    if (!masters.contains(master)) {
      throw new IllegalArgumentException(master + " is not a master of this cluster");
    }
    String info = String.valueOf(master.command("INFO", "replication"));
    for (RedisServer replica : replicas) {
      if (info.contains("port=" + replica.port() + ",")) {
        return replica;
      }
    }
    throw new IllegalArgumentException(master + " has no replica: " + ClusterFormation.line(info, "connected_slaves"));
  }

  /**
   * Kills a master (SIGKILL, as a crash), waits until the cluster has promoted its replica and is ok again, then
   * starts the killed node again, empty, and waits until it has rejoined as a replica of the promoted one. Clients
   * see the master vanish; the writes it had replicated survive on the new master.
   *
   * @param master the master to kill, one with a replica
   * @return the promoted replica, now the master of the killed node's slots
   * @throws IllegalArgumentException when the node is not a master of this cluster or has no replica
   * @throws RedisServerException when the failover or the rejoin does not complete within 30 seconds
   */
  public synchronized RedisServer failover(RedisServer master) {
    RedisServer replica = replicaOf(master);
    master.kill();
    List<RedisServer> others = new ArrayList<>(masters);
    others.remove(master);
    others.addAll(replicas);
    ClusterFormation.awaitReady("the failover of " + master, others, () -> {
      String role;
      try {
        role = ClusterFormation.line(String.valueOf(replica.command("INFO", "replication")), "role");
      } catch (RedisServerException e) {
        return "replica " + replica.port() + " does not answer: " + e.getMessage();
      }
      return role.equals("role:master") ? ClusterFormation.okOrWhy(others) : "replica " + replica.port() + " still reports " + role;
    });
    List<RedisServer> newMasters = new ArrayList<>(masters);
    newMasters.set(newMasters.indexOf(master), replica);
    List<RedisServer> newReplicas = new ArrayList<>(replicas);
    newReplicas.set(newReplicas.indexOf(replica), master);
    masters = List.copyOf(newMasters);
    replicas = List.copyOf(newReplicas);
    // The node's config file remembers the cluster: it comes back, learns it lost its slots, and follows the winner.
    master.restart();
    List<RedisServer> all = new ArrayList<>(masters);
    all.addAll(replicas);
    ClusterFormation.awaitReady("the rejoin of " + master + " as a replica", all, () -> ClusterFormation.notReady(all, List.of(master)));
    return replica;
  }


  /** {@return each master's URL ({@code redis://}, or {@code rediss://} on a TLS cluster), in node order} */
  public List<String> seedUrls() {
    return masters.stream().map(RedisServer::url).toList();
  }

  /**
   * Returns {@code redis://host1:port1,host2:port2,.../0}, the cluster URL form Recall reads, with the masters as
   * seeds; on a TLS cluster a {@code rediss://} URL whose {@code tlsCaCertificates} option names the test CA.
   */
  @Override
  public String url() {
    String seeds = String.join(",", masters.stream().map(n -> n.host() + ":" + n.port()).toList()) + "/0";
    if (tls != null) {
      return "rediss://" + seeds + "?tlsCaCertificates="
          + URLEncoder.encode(tls.caCertificate().toString(), StandardCharsets.UTF_8);
    }
    return "redis://" + seeds;
  }

  /** Returns true. */
  @Override
  public boolean isCluster() {
    return true;
  }

  /**
   * {@return a node's cluster id ({@code CLUSTER MYID})}
   *
   * @param node a master or replica of this cluster
   * @throws IllegalArgumentException when the node is not part of this cluster
   */
  public String nodeId(RedisServer node) {
    String id = nodeIds.get(node);
    if (id == null) {
      throw new IllegalArgumentException(node + " is not a node of this cluster");
    }
    return id;
  }

  /**
   * {@return the hash slot of a key, from 0 to 16383, as {@code CLUSTER KEYSLOT} computes it}
   *
   * @param key the key's name; a hash tag in it decides the slot
   * @throws RedisServerException when the cluster is unreachable
   */
  public int keySlot(String key) {
    return ((Long) Objects.requireNonNull(masters.get(0).command("CLUSTER", "KEYSLOT", key))).intValue();
  }

  /**
   * {@return the master that owns a slot, in the first master's view ({@code CLUSTER SLOTS})}
   *
   * @param slot a hash slot, from 0 to 16383
   * @throws RedisServerException when no node owns it or the cluster is unreachable
   */
  public RedisServer ownerOf(int slot) {
    return ownerOf(slot, masters.get(0));
  }

  /**
   * {@return the master that owns a slot in the given node's view ({@code CLUSTER SLOTS} asked there)}
   *
   * @param slot a hash slot, from 0 to 16383
   * @param view the node whose view is asked, a master or a replica
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
        return masters.stream().filter(n -> n.port() == port).findFirst()
            .orElseThrow(() -> new RedisServerException("slot " + slot + " is owned by unknown port " + port));
      }
    }
    throw new RedisServerException("no node owns slot " + slot);
  }

  /**
   * {@return the master that owns a key's slot, in the first master's view}
   *
   * @param key the key's name
   * @throws RedisServerException when the cluster is unreachable
   */
  public RedisServer ownerOfKey(String key) {
    return ownerOf(keySlot(key));
  }

  /**
   * Moves a slot, with its keys, to another master while clients may keep using it: the target is set
   * {@code IMPORTING}, the owner {@code MIGRATING}, the keys are moved {@code keysPerStep} at a time with
   * {@code MIGRATE} (clients get {@code ASK} redirections meanwhile), then every master is told the new owner with
   * {@code SETSLOT NODE} (clients then get {@code MOVED}). Key names must be UTF-8 text. The same as
   * {@code startMigration(slot, target).finish(keysPerStep)}.
   *
   * @param slot the hash slot to move, from 0 to 16383
   * @param target the master to move it to
   * @param keysPerStep how many keys each {@code MIGRATE} moves, at least 1
   * @throws IllegalArgumentException when the slot is out of range, the target is not a node of this cluster, or
   *     {@code keysPerStep} is less than 1
   * @throws RedisServerException when a node refuses a step
   */
  public void migrateSlot(int slot, RedisServer target, int keysPerStep) {
    if (keysPerStep < 1) {
      throw new IllegalArgumentException("keysPerStep must be 1 or more, got " + keysPerStep);
    }
    startMigration(slot, target).finish(keysPerStep);
  }

  /**
   * Starts moving a slot to another master and leaves it half way, for a test to act between the steps that
   * {@link #migrateSlot} runs in one go: sets the target {@code IMPORTING} and the owner {@code MIGRATING}, and returns
   * the migration, whose {@link SlotMigration#moveKeys} moves chosen keys and whose {@link SlotMigration#finish}
   * moves the rest and hands the slot over. When the target already owns the slot, nothing is sent and the
   * migration has nothing to do.
   *
   * @param slot the hash slot to move, from 0 to 16383
   * @param target the master to move it to
   * @return the migration, to move keys and finish it
   * @throws IllegalArgumentException when the slot is out of range or the target is not a node of this cluster
   * @throws RedisServerException when a node refuses a step
   */
  public SlotMigration startMigration(int slot, RedisServer target) {
    if (slot < 0 || slot >= SLOTS) {
      throw new IllegalArgumentException("slot must be between 0 and " + (SLOTS - 1) + ", got " + slot);
    }
    String targetId = nodeId(target);
    RedisServer source = ownerOf(slot);
    if (!source.equals(target)) {
      String s = Integer.toString(slot);
      target.command("CLUSTER", "SETSLOT", s, "IMPORTING", nodeId(source));
      source.command("CLUSTER", "SETSLOT", s, "MIGRATING", targetId);
    }
    return new SlotMigration(slot, source, target, targetId, this);
  }

  /**
   * Sends the command to the first node and follows {@code MOVED} and {@code ASK} redirections, so a command naming a
   * key runs on the key's node. Right after a slot moved, nodes may disagree about its owner and send the command
   * back and forth until their views converge: past 5 redirections each one waits a little, for at most
   * {@link #CONTROL_TIMEOUT_MILLIS} in all.
   */
  @Override
  public @Nullable Object command(String... command) {
    RedisServer node = masters.get(0);
    String host = node.host();
    int port = node.port();
    boolean asking = false;
    long deadline = System.nanoTime() + CONTROL_TIMEOUT_MILLIS * 1_000_000L;
    for (int redirects = 0; ; redirects++) {
      try {
        return RespClient.call(tlsSockets, host, port, CONTROL_TIMEOUT_MILLIS, null, asking, command);
      } catch (IOException e) {
        throw new RedisServerException("cannot reach cluster node " + host + ":" + port + ": " + e, e);
      } catch (RedisServerException e) {
        Matcher redirect = REDIRECT.matcher(String.valueOf(e.getMessage()));
        if (!redirect.find() || redirects >= 5 && System.nanoTime() - deadline >= 0) {
          throw e;
        }
        if (redirects >= 5) {
          Processes.pause(10);
        }
        asking = redirect.group(1).equals("ASK");
        host = redirect.group(2);
        port = Integer.parseInt(redirect.group(3));
      }
    }
  }

  @Override
  public List<@Nullable Object> commandOnEveryNode(String... command) {
    List<@Nullable Object> replies = new ArrayList<>(masters.size());
    for (RedisServer node : masters) {
      replies.add(node.command(command));
    }
    return replies;
  }

  @Override
  public long dbSize() {
    long keys = 0;
    for (RedisServer node : masters) {
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
    replicas.forEach(RedisServer::close);
    masters.forEach(RedisServer::close);
    Processes.deleteQuietly(configDir);
  }

  @Override
  public String toString() {
    return "RedisCluster[masters " + String.join(",", masters.stream().map(n -> Integer.toString(n.port())).toList())
        + (replicas.isEmpty() ? "" : ", replicas "
            + String.join(",", replicas.stream().map(n -> Integer.toString(n.port())).toList()))
        + (tls != null ? ", tls" : "") + "]";
  }
}
