package dev.recall.spi.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.RedisNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The slot of a name as Redis Cluster computes it (expected values from CLUSTER KEYSLOT); reading CLUSTER SLOTS. */
class SlotOwnersTest {

  @Test
  void slot_matchesClusterKeyslot_withAndWithoutHashTags() {
    assertThat(SlotOwners.slot("foo")).isEqualTo(12182);
    assertThat(SlotOwners.slot("bar")).isEqualTo(5061);
    assertThat(SlotOwners.slot("somekey")).isEqualTo(11058);
    assertThat(SlotOwners.slot("foo{hash_tag}")).isEqualTo(2515);
    assertThat(SlotOwners.slot("{user1000}.following")).isEqualTo(3443);
    assertThat(SlotOwners.slot("{}x")).as("an empty tag hashes the whole name").isEqualTo(10595);
    assertThat(SlotOwners.slot("a{}{b}")).as("only the first '{' counts").isEqualTo(15033);
    assertThat(SlotOwners.slot("{{x}}")).isEqualTo(11068);
    assertThat(SlotOwners.slot("\u00e9t\u00e9")).as("UTF-8 bytes").isEqualTo(10087);
  }

  @Test
  void parse_readsEachRangesMaster_andFallsBackToTheAskedNodeForAMissingHost() {
    Object reply = List.of(
        List.of(0L, 5460L, List.of(bytes("10.0.0.1"), 7000L, bytes("id1")), List.of(bytes("10.0.0.4"), 7003L)),
        List.of(5461L, 16383L, List.of(bytes(""), 7001L, bytes("id2"))));
    SlotOwners owners = SlotOwners.parse(reply, new RedisNode("10.0.0.9", 7009));
    assertThat(owners.owner(0)).isEqualTo(new RedisNode("10.0.0.1", 7000));
    assertThat(owners.owner(5460)).isEqualTo(new RedisNode("10.0.0.1", 7000));
    assertThat(owners.owner(5461)).isEqualTo(new RedisNode("10.0.0.9", 7001));
    assertThat(owners.with(3, new RedisNode("h", 1)).owner(3)).isEqualTo(new RedisNode("h", 1));
    assertThat(owners.owner(3)).as("with() copies").isEqualTo(new RedisNode("10.0.0.1", 7000));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
