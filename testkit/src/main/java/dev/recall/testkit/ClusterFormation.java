package dev.recall.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Forms a Redis Cluster out of started nodes and tells when it is ready: node start-up on free port pairs (client
 * port and bus port), slot assignment, the join, replica attachment, and the readiness checks that
 * {@link RedisCluster} also waits on after a failover.
 */
final class ClusterFormation {
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
  private static final int MIN_PORT = 10000;
  private static final int MAX_PORT = 55535;
  private static final int BUS_PORT_OFFSET = 10000;
  /**
   * The highest node port whose bus port still lies below the ports the OS gives outgoing connections: a killed
   * node is restarted on its own port, and a client connection could otherwise have been given that port meanwhile
   * ("Address already in use" on the restart). Linux says where its range starts; elsewhere it is taken as 32768.
   */
  private static final int MAX_QUIET_PORT = ephemeralLow() - BUS_PORT_OFFSET - 1;

  private ClusterFormation() {}

  static RedisServer spawnNode(Path binary, Path configDir, @Nullable TestCertificates tls,
      List<RedisServer> taken) {
    RedisServerException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freeClusterPort(taken);
      List<String> args = new ArrayList<>(List.of(
          "--cluster-enabled", "yes",
          "--cluster-config-file", configDir.resolve("nodes-" + port + ".conf").toString(),
          // Short, so that a node that is stopped on purpose is noticed (and failed over) within seconds; not
          // shorter, as a node starved of CPU on a loaded machine (a CI box running tests in parallel) would be
          // taken for failed, and its slots would be down for a while (CLUSTERDOWN) in tests that expect no fault.
          "--cluster-node-timeout", "5000"));
      if (tls != null) {
        // A TLS node listens on no plain port (--port 0), so its bus port would default to 0 + 10000: name it.
        args.addAll(List.of("--tls-cluster", "yes", "--tls-replication", "yes",
            "--cluster-port", Integer.toString(port + BUS_PORT_OFFSET)));
      }
      try {
        RedisServer node = RedisServer.spawn(binary, port, tls, args.toArray(String[]::new));
        taken.add(node);
        return node;
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
    Set<Integer> used = new HashSet<>();
    taken.forEach(node -> {
      used.add(node.port());
      used.add(node.port() + BUS_PORT_OFFSET);
    });
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = MAX_QUIET_PORT > MIN_PORT + 1000
          ? ThreadLocalRandom.current().nextInt(MIN_PORT, MAX_QUIET_PORT + 1)
          : ThreadLocalRandom.current().nextInt(20000, MAX_PORT + 1);
      if (!used.contains(port) && !used.contains(port + BUS_PORT_OFFSET) && isFree(port)
          && isFree(port + BUS_PORT_OFFSET)) {
        return port;
      }
    }
    throw new RedisServerException("cannot find a free loopback port pair (port and port + 10000)");
  }

  private static int ephemeralLow() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
      return Integer.parseInt(range.strip().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32768;
    }
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

  static Map<RedisServer, String> join(List<RedisServer> masters, List<RedisServer> replicas,
      @Nullable SSLSocketFactory sockets) {
    int count = masters.size();
    Map<RedisServer, String> ids = new HashMap<>();
    for (int i = 0; i < count; i++) {
      RedisServer node = masters.get(i);
      ids.put(node, String.valueOf(node.command("CLUSTER", "MYID")));
      // Distinct epochs up front spare the nodes the collision resolution that would otherwise slow the join.
      node.command("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
      int from = i * RedisCluster.SLOTS / count;
      int to = (i + 1) * RedisCluster.SLOTS / count;
      // ADDSLOTSRANGE only exists from Redis 7; ADDSLOTS with every slot works on 6.2 too.
      String[] addSlots = new String[2 + to - from];
      addSlots[0] = "CLUSTER";
      addSlots[1] = "ADDSLOTS";
      for (int slot = from; slot < to; slot++) {
        addSlots[2 + slot - from] = Integer.toString(slot);
      }
      node.command(addSlots);
    }
    List<RedisServer> all = new ArrayList<>(masters);
    all.addAll(replicas);
    for (RedisServer node : replicas) {
      ids.put(node, String.valueOf(node.command("CLUSTER", "MYID")));
    }
    for (int i = 1; i < all.size(); i++) {
      all.get(0).command("CLUSTER", "MEET", all.get(i).host(), Integer.toString(all.get(i).port()));
    }
    awaitReady("the Redis Cluster of " + all.size() + " nodes", all, () -> notReady(all, List.of()));
    for (int i = 0; i < replicas.size(); i++) {
      RedisServer replica = replicas.get(i);
      replica.command("CLUSTER", "REPLICATE", ids.get(masters.get(i % count)));
    }
    awaitReady("the replicas of the Redis Cluster", all, () -> notReady(all, replicas));
    return ids;
  }

  static void awaitReady(String what, List<RedisServer> nodes, Supplier<@Nullable String> notReady) {
    long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
    while (true) {
      String lastState = notReady.get();
      if (lastState == null) {
        return;
      }
      if (System.nanoTime() > deadline) {
        StringBuilder logs = new StringBuilder();
        for (RedisServer node : nodes) {
          logs.append("\n  node ").append(node.port()).append(": ").append(node.logTail());
        }
        throw new RedisServerException(what + " was not ok within " + JOIN_TIMEOUT.toSeconds() + " s: "
            + lastState + logs);
      }
      sleep(50);
    }
  }

  /**
   * Returns why some node is not ready yet, or {@code null} when every node reports the cluster ok, knows every
   * other node, and each of the given replicas is a replica whose link to its master is up.
   */
  static @Nullable String notReady(List<RedisServer> nodes, List<RedisServer> replicas) {
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
    for (RedisServer replica : replicas) {
      String info;
      try {
        info = String.valueOf(replica.command("INFO", "replication"));
      } catch (RedisServerException e) {
        return "replica " + replica.port() + " does not answer: " + e.getMessage();
      }
      if (!info.contains("role:slave") || !info.contains("master_link_status:up")) {
        return "replica " + replica.port() + " reports " + line(info, "role") + ", "
            + line(info, "master_link_status");
      }
    }
    return null;
  }

  static String line(String info, String field) {
    return info.lines().filter(l -> l.startsWith(field)).findFirst().orElse(field + " missing").strip();
  }

  /** Returns why one of the nodes does not report {@code cluster_state:ok}, or {@code null}. */
  static @Nullable String okOrWhy(List<RedisServer> nodes) {
    for (RedisServer node : nodes) {
      try {
        String info = String.valueOf(node.command("CLUSTER", "INFO"));
        if (!info.contains("cluster_state:ok")) {
          return "node " + node.port() + " reports " + line(info, "cluster_state");
        }
      } catch (RedisServerException e) {
        return "node " + node.port() + " does not answer: " + e.getMessage();
      }
    }
    return null;
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
