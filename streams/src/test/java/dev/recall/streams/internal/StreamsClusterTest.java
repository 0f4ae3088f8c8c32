package dev.recall.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.testkit.OnRedisCluster;
import dev.recall.testkit.RedisCluster;
import org.junit.jupiter.api.Test;

/**
 * The whole {@link StreamsTest} suite on the shared three-master Redis Cluster, through both drivers: a channel's
 * stream and its dead letters share the channel's hash tag, so the dead-letter script (two keys) runs on one node.
 */
@OnRedisCluster
class StreamsClusterTest extends StreamsTest {

  @Test
  void channelStream_andItsDeadLetters_shareOneSlot(RedisCluster cluster) {
    for (String channel : new String[] {"orders", "events", "audit", "a.b-c"}) {
      assertThat(cluster.keySlot(new String(StreamKeys.deadLetters(channel), java.nio.charset.StandardCharsets.UTF_8)))
          .isEqualTo(cluster.keySlot(new String(StreamKeys.stream(channel), java.nio.charset.StandardCharsets.UTF_8)))
          .isEqualTo(cluster.keySlot("{" + channel + "}"));
    }
  }
}
