package dev.recall.contract;

import static dev.recall.spi.CommandArgs.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallClient;
import dev.recall.RecallConnectionException;
import dev.recall.RedisConfig;
import dev.recall.spi.Command;
import dev.recall.internal.RedisCommands;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.Script;
import dev.recall.internal.SetCondition;
import dev.recall.testkit.OnRedisCluster;
import dev.recall.testkit.RedisCluster;
import dev.recall.testkit.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What only a Redis Cluster has: routing by slot, slots moving while in use, scripts missing on one node. */
@OnRedisCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterContractTest {
  private static final Script COUNT = Script.of("cluster-count", "return redis.call('INCRBY', KEYS[1], ARGV[1])");

  private RedisCluster cluster;
  private RecallClient client;
  private CommandExecutor redis;

  @BeforeAll
  void connect(RedisCluster cluster) {
    this.cluster = cluster;
    client = Clients.connect(RedisConfig.fromUrl(cluster.url()).toBuilder().clientName("recall-cluster").build());
    redis = client.executor();
  }

  @AfterAll
  void close() {
    client.close();
  }

  @Test
  void config_isACluster_andEveryNodeSeesTheClientName() {
    assertThat(client.config().isCluster()).isTrue();
    assertThat(client.config().clusterNodes()).hasSize(3);
    for (int i = 0; i < 30; i++) {
      redis.execute(RedisCommands.set(utf8("name-" + i), utf8("v"), null, SetCondition.ALWAYS));
    }
    for (RedisServer node : cluster.nodes()) {
      assertThat(String.valueOf(node.command("CLIENT", "LIST"))).as("node %s", node.port())
          .contains("name=recall-cluster");
    }
    assertThat(client.health().ok()).isTrue();
    assertThat(client.healthAsync().join().ok()).isTrue();
  }

  @Test
  void eachKeysCommands_runOnTheNodeClusterKeyslotNames() {
    List<String> keys = List.of("alpha", "beta", "gamma", "delta", "{tag}one", "{tag}two");
    for (String key : keys) {
      redis.execute(RedisCommands.set(utf8(key), utf8(key), null, SetCondition.ALWAYS));
      // Warm up: any redirection the client still had to learn happens before the counting starts.
      redis.execute(RedisCommands.get(utf8(key)));
    }
    for (String key : keys) {
      RedisServer owner = cluster.ownerOf(cluster.keySlot(key));
      cluster.commandOnEveryNode("CONFIG", "RESETSTAT");
      for (int i = 0; i < 10; i++) {
        assertThat(redis.execute(RedisCommands.get(utf8(key)))).isEqualTo(utf8(key));
      }
      for (RedisServer node : cluster.nodes()) {
        assertThat(getCalls(node)).as("GETs of %s on node %s (owner %s)", key, node.port(), owner.port())
            .isEqualTo(node.equals(owner) ? 10 : 0);
      }
      assertThat(owner.command("EXISTS", key)).isEqualTo(1L);
    }
  }

  @Test
  void batch_onOneSlot_andAcrossSlots_returnsRepliesInOrder() {
    List<Command<?>> sameSlot = List.of(
        RedisCommands.incrBy(utf8("{b}x"), 1), RedisCommands.incrBy(utf8("{b}y"), 2), RedisCommands.ping(),
        RedisCommands.incrBy(utf8("{b}x"), 3));
    assertThat(redis.executeBatch(sameSlot)).containsExactly(1L, 2L, "PONG", 4L);
    List<Command<?>> spread = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      spread.add(RedisCommands.incrBy(utf8("spread-" + i), i));
    }
    List<Object> replies = redis.executeBatchAsync(spread).join();
    for (int i = 0; i < 20; i++) {
      assertThat(replies.get(i)).isEqualTo((long) i);
    }
    assertThat(cluster.commandOnEveryNode("DBSIZE")).allSatisfy(size -> assertThat((Long) size).isPositive());
  }

  @Test
  void script_missingOnItsKeysNode_isReloadedThere() {
    String key = "script-key";
    RedisServer owner = cluster.ownerOfKey(key);
    Command<Object> call = RedisCommands.evalsha(COUNT, List.of(utf8(key)), List.of(utf8("1")));
    assertThat(redis.execute(call)).isEqualTo(1L);
    assertThat(owner.command("SCRIPT", "EXISTS", COUNT.sha1())).isEqualTo(List.of(1L));
    owner.command("SCRIPT", "FLUSH");
    assertThat(owner.command("SCRIPT", "EXISTS", COUNT.sha1())).isEqualTo(List.of(0L));
    assertThat(redis.execute(call)).isEqualTo(2L);
    assertThat(owner.command("SCRIPT", "EXISTS", COUNT.sha1())).as("loaded again on the key's node")
        .isEqualTo(List.of(1L));
    owner.command("SCRIPT", "FLUSH");
    assertThat(redis.executeAsync(call).join()).isEqualTo(3L);
    owner.command("SCRIPT", "FLUSH");
    assertThat(redis.executeBatch(List.of(call, call))).containsExactly(4L, 5L);
    // A key on another node runs the script there, loading it on that node.
    String other = keyOnAnotherNode(owner);
    Command<Object> elsewhere = RedisCommands.evalsha(COUNT, List.of(utf8(other)), List.of(utf8("7")));
    assertThat(redis.execute(elsewhere)).isEqualTo(7L);
    assertThat(cluster.ownerOfKey(other).command("SCRIPT", "EXISTS", COUNT.sha1())).isEqualTo(List.of(1L));
  }

  @Test
  void slotMigratedWhileInUse_callsKeepReturningCorrectValues() throws Exception {
    String tag = "{moving}";
    int slot = cluster.keySlot(tag);
    int keys = 40;
    for (int i = 0; i < keys; i++) {
      redis.execute(RedisCommands.set(utf8(tag + i), utf8("0"), null, SetCondition.ALWAYS));
    }
    RedisServer source = cluster.ownerOf(slot);
    RedisServer target = cluster.nodes().stream().filter(n -> !n.equals(source)).findFirst().orElseThrow();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong operations = new AtomicLong();
    long[] expected = new long[keys];
    List<Future<?>> workers = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      int workerCount = 4;
      for (int w = 0; w < workerCount; w++) {
        int worker = w;
        workers.add(threads.submit(() -> {
          // Each worker owns every fourth key, so it knows each key's value exactly.
          while (running.get()) {
            for (int i = worker; i < keys; i += workerCount) {
              byte[] key = utf8(tag + i);
              long next = redis.execute(RedisCommands.incrBy(key, 1));
              synchronized (expected) {
                expected[i]++;
                assertThat(next).as("INCRBY %s%d", tag, i).isEqualTo(expected[i]);
              }
              byte[] read = redis.executeAsync(RedisCommands.get(key)).join();
              assertThat(new String(read, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(next));
              // A one-slot batch is pipelined on the slot's node; redirected replies must be rerun, not returned.
              List<Object> pair = redis.executeBatch(List.of(RedisCommands.get(key), dev.recall.spi.Command.keyed("PTTL", dev.recall.spi.Replies::longValue, key)));
              assertThat((byte[]) pair.get(0)).isEqualTo(read);
              assertThat(pair.get(1)).isEqualTo(-1L);
              operations.incrementAndGet();
            }
          }
          return null;
        }));
      }
      awaitOperations(operations, 200);
      long beforeMove = operations.get();
      cluster.migrateSlot(slot, target, 2);
      long afterMove = operations.get();
      assertThat(afterMove).as("the client kept working while the slot moved").isGreaterThan(beforeMove);
      awaitOperations(operations, afterMove + 200);
      // And back again, while the client still works on the keys.
      cluster.migrateSlot(slot, source, 5);
      long afterReturn = operations.get();
      awaitOperations(operations, afterReturn + 200);
      running.set(false);
      for (Future<?> worker : workers) {
        worker.get(30, TimeUnit.SECONDS);
      }
    }
    assertThat(cluster.ownerOf(slot)).isEqualTo(source);
    for (int i = 0; i < keys; i++) {
      assertThat(redis.execute(RedisCommands.get(utf8(tag + i)))).isEqualTo(utf8(Long.toString(expected[i])));
      assertThat(cluster.command("GET", tag + i)).isEqualTo(Long.toString(expected[i]));
    }
  }

  @Test
  void blockingPop_onAClusterKey_waitsThenServes() throws Exception {
    CompletableFuture<byte[]> served = redis.executeAsync(RedisCommands.blpop(utf8("cluster-q"), Duration.ofSeconds(5)));
    Await.blockedClients(cluster, 1);
    assertThat(served).isNotDone();
    redis.execute(RedisCommands.rpush(utf8("cluster-q"), utf8("item")));
    assertThat(served.get(5, TimeUnit.SECONDS)).isEqualTo(utf8("item"));
    assertThat(redis.execute(RedisCommands.blpop(utf8("cluster-q"), Duration.ofMillis(50)))).isNull();
  }

  @Test
  void unreachableSeeds_failFastWithOurException() {
    int port = RedisServer.freePort();
    RedisConfig config = RedisConfig.builder().cluster("127.0.0.1:" + port)
        .connectTimeout(Duration.ofMillis(500)).commandTimeout(Duration.ofMillis(500)).build();
    long start = System.nanoTime();
    assertThatThrownBy(() -> Clients.connect(config))
        .isInstanceOf(RecallConnectionException.class)
        .hasMessageContaining(String.valueOf(port));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  private String keyOnAnotherNode(RedisServer node) {
    for (int i = 0; ; i++) {
      String key = "elsewhere-" + i;
      if (!cluster.ownerOfKey(key).equals(node)) {
        return key;
      }
    }
  }

  private static long getCalls(RedisServer node) {
    Matcher matcher = Pattern.compile("cmdstat_get:calls=(\\d+)")
        .matcher(String.valueOf(node.command("INFO", "commandstats")));
    return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
  }

  private static void awaitOperations(AtomicLong operations, long atLeast) throws InterruptedException {
    Await.until(Duration.ofSeconds(20), () -> operations.get() >= atLeast,
        () -> atLeast + " operations by the client, made " + operations.get());
  }
}
