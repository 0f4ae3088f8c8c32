package dev.recall.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A slot between two masters, the source {@code MIGRATING} it and the target {@code IMPORTING} it, as
 * {@link RedisCluster#startMigration} left it. Not thread-safe: one test thread drives it.
 */
public final class SlotMigration {
  private final int slot;
  private final RedisServer source;
  private final RedisServer target;
  private final String targetId;
  private final RedisCluster cluster;
  private boolean finished;

  SlotMigration(int slot, RedisServer source, RedisServer target, String targetId,
      RedisCluster cluster) {
    this.slot = slot;
    this.source = source;
    this.target = target;
    this.targetId = targetId;
    this.cluster = cluster;
    this.finished = source.equals(target);
  }

  /** {@return the hash slot being moved, from 0 to 16383} */
  public int slot() {
    return slot;
  }

  /** {@return the master that owned the slot when the migration started} */
  public RedisServer source() {
    return source;
  }

  /** {@return the master the slot moves to} */
  public RedisServer target() {
    return target;
  }

  /**
   * Moves these keys of the slot from the source to the target in one {@code MIGRATE}; clients asking for them
   * on the source get {@code ASK} from now on.
   *
   * @param keys names of keys of the slot that are on the source
   * @throws IllegalStateException when the migration is finished
   * @throws RedisServerException when the source refuses (a key not in the slot, or not on the source)
   */
  public void moveKeys(String... keys) {
    if (finished) {
      throw new IllegalStateException("the migration of slot " + slot + " is finished");
    }
    List<String> migrate = new ArrayList<>(List.of("MIGRATE", target.host(), Integer.toString(target.port()), "",
        "0", Integer.toString(RedisCluster.CONTROL_TIMEOUT_MILLIS), "KEYS"));
    migrate.addAll(List.of(keys));
    source.command(migrate.toArray(String[]::new));
  }

  /**
   * Moves the keys still on the source, {@code keysPerStep} at a time, then tells every master the target owns
   * the slot ({@code SETSLOT NODE}, the target first); does nothing when already finished.
   *
   * @param keysPerStep how many keys each {@code MIGRATE} moves, at least 1
   * @throws IllegalArgumentException when {@code keysPerStep} is less than 1
   * @throws RedisServerException when a node refuses a step
   */
  public void finish(int keysPerStep) {
    if (keysPerStep < 1) {
      throw new IllegalArgumentException("keysPerStep must be 1 or more, got " + keysPerStep);
    }
    if (finished) {
      return;
    }
    String s = Integer.toString(slot);
    while (true) {
      List<?> keys = (List<?>) Objects.requireNonNull(
          source.command("CLUSTER", "GETKEYSINSLOT", s, Integer.toString(keysPerStep)));
      if (keys.isEmpty()) {
        break;
      }
      moveKeys(keys.stream().map(String::valueOf).toArray(String[]::new));
    }
    // The target first, so that the slot is never owned by nobody in a node's view.
    target.command("CLUSTER", "SETSLOT", s, "NODE", targetId);
    source.command("CLUSTER", "SETSLOT", s, "NODE", targetId);
    for (RedisServer node : cluster.nodes()) {
      if (!node.equals(target) && !node.equals(source)) {
        node.command("CLUSTER", "SETSLOT", s, "NODE", targetId);
      }
    }
    // SETSLOT NODE bumps no epoch of the target's when it is already the greatest, and a gossip message sent before
    // the handover still carries the old owner's claim: a node that takes it points back at the old owner, which
    // points at the target, for good. A claim with the greatest epoch wins over that, so the target bumps it, and
    // the handover ends once every master agrees.
    target.command("CLUSTER", "BUMPEPOCH");
    awaitAgreement(s);
    finished = true;
  }

  private void awaitAgreement(String s) {
    long deadline = System.nanoTime() + RedisCluster.CONTROL_TIMEOUT_MILLIS * 1_000_000L;
    while (true) {
      List<RedisServer> disagreeing = new ArrayList<>();
      for (RedisServer node : cluster.nodes()) {
        if (!cluster.ownerOf(slot, node).equals(target)) {
          disagreeing.add(node);
        }
      }
      if (disagreeing.isEmpty()) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new RedisServerException("the masters " + disagreeing + " do not agree that " + target + " owns slot "
            + slot + " after its migration");
      }
      for (RedisServer node : disagreeing) {
        node.command("CLUSTER", "SETSLOT", s, "NODE", targetId);
      }
      Processes.pause(10);
    }
  }
}
