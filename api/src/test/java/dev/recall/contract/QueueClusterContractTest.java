package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallClient;
import dev.recall.codec.Codecs;
import dev.recall.queue.Delivery;
import dev.recall.queue.ReliableQueue;
import dev.recall.testkit.OnRedisCluster;
import dev.recall.testkit.RedisCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The whole {@link QueueContractTest} suite on the shared three-master Redis Cluster, plus where the reliable
 * queue's lists live there: the queue and every processing list share the queue name's hash tag, so the one
 * {@code LMOVE} between them never crosses slots.
 */
@OnRedisCluster
class QueueClusterContractTest extends QueueContractTest {

  @Test
  void reliableQueue_queueAndProcessingLists_shareOneSlot_acrossManyQueueNames(RedisCluster cluster) {
    try (RecallClient client = Clients.connect(cluster)) {
      for (int i = 0; i < 10; i++) {
        String name = "jobs-" + i;
        ReliableQueue<String> worker = client.reliableQueue(name, "w1", Codecs.string());
        worker.put("job");
        Delivery<String> job = worker.get(Duration.ofSeconds(1)).orElseThrow();
        assertThat(job.value()).isEqualTo("job");
        int slot = cluster.keySlot("{" + name + "}");
        assertThat(cluster.keySlot("{" + name + "}:processing:w1")).isEqualTo(slot);
        assertThat(cluster.command("LLEN", "{" + name + "}:processing:w1")).isEqualTo(1L);
        assertThat(client.reliableQueue(name, "w2", Codecs.string()).requeueUnconfirmed("w1")).isEqualTo(1);
        assertThat(client.queue(name, Codecs.string()).getNowait()).as("a plain queue of the same name")
            .isEqualTo("job");
      }
    }
  }

  @Test
  void queueNameStartingWithClosingBrace_isRefused_becauseItWouldEmptyTheHashTag(RedisCluster cluster) {
    try (RecallClient client = Clients.connect(cluster)) {
      assertThatThrownBy(() -> client.reliableQueue("}jobs", "w1", Codecs.string()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'}jobs'");
    }
  }
}
