package dev.recall.internal.pubsub;

import dev.recall.internal.ByteKey;
import dev.recall.RecallConnectionException;
import dev.recall.RedisNode;
import dev.recall.spi.pubsub.LinkEvents;
import dev.recall.spi.pubsub.PubSubLink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One node's pub/sub connection and the channels it serves. It is also the {@link LinkEvents} of that connection:
 * the driver's reports are queued onto the subscriber's loop and ignored once the link was dropped. Everything but
 * the {@link LinkEvents} methods runs on the loop thread.
 */
final class Link implements LinkEvents {
  private static final System.Logger LOG = System.getLogger("dev.recall.pubsub");
  private static final Pattern MOVED = Pattern.compile("MOVED (\\d+) (\\S+):(\\d+)");

  final RedisNode node;
  final Set<Channel> channels = new LinkedHashSet<>();
  /** UNSUBSCRIBEs sent and not yet confirmed, per channel: their confirmations are not losses. */
  final Map<ByteKey, Integer> unsubscribing = new HashMap<>();
  private final SubscriberEngine engine;
  PubSubLink wire = NOT_OPEN;
  boolean connected;
  boolean pingOutstanding;
  private boolean dropped;

  Link(RedisNode node, SubscriberEngine engine) {
    this.node = node;
    this.engine = engine;
  }

  void open() {
    try {
      wire = engine.transport().open(node, this);
    } catch (RuntimeException e) {
      engine.post(() -> fail(e));
    }
  }

  /** Sends a command; a connection that cannot take it has failed. */
  void send(Runnable command) {
    try {
      command.run();
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  /** Closes the connection without a loss (an unsubscribe, or close()). */
  void drop() {
    dropped = true;
    engine.forget(this);
    try {
      wire.close();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing the subscriber connection to " + node + " failed", e);
    }
  }

  /** The connection is gone: its confirmed channels are lost, and every channel is subscribed again later. */
  void fail(Throwable cause) {
    if (dropped) {
      return;
    }
    drop();
    LOG.log(System.Logger.Level.DEBUG, "subscriber connection to " + node + " lost: " + cause);
    for (Channel channel : new ArrayList<>(channels)) {
      boolean wasConfirmed = channel.confirmed;
      channel.detach();
      channel.needsTopology = true;
      if (wasConfirmed) {
        engine.lost(channel, cause);
      }
      engine.retryLater(channel);
    }
  }

  @Override
  public void connected() {
    engine.post(() -> {
      if (dropped || connected) {
        return;
      }
      connected = true;
      for (Channel channel : new ArrayList<>(channels)) {
        send(() -> wire.subscribe(channel.key.bytes()));
        if (dropped) {
          return;
        }
      }
    });
  }

  @Override
  public void subscribed(byte[] name) {
    engine.post(() -> {
      ByteKey key = new ByteKey(name);
      // Replies come in order: while an UNSUBSCRIBE is unconfirmed, a SUBSCRIBE reply is the one sent before it.
      if (dropped || unsubscribing.containsKey(key)) {
        return;
      }
      Channel channel = engine.channel(key);
      if (channel == null || channel.link != this || channel.confirmed) {
        return;
      }
      channel.confirmed = true;
      channel.attempts = 0;
      engine.subscribed(channel, name);
    });
  }

  @Override
  public void unsubscribed(byte[] name) {
    engine.post(() -> {
      if (dropped) {
        return;
      }
      ByteKey key = new ByteKey(name);
      Integer asked = unsubscribing.get(key);
      if (asked != null) {
        if (asked == 1) {
          unsubscribing.remove(key);
        } else {
          unsubscribing.put(key, asked - 1);
        }
        return;
      }
      Channel channel = engine.channel(key);
      if (channel == null || channel.link != this) {
        return;
      }
      // Unsolicited: the server ended it, as Redis does for the sharded channels of a slot that moved away.
      boolean wasConfirmed = channel.confirmed;
      channel.detach();
      channel.needsTopology = true;
      if (wasConfirmed) {
        engine.lost(channel, new RecallConnectionException("Redis at " + node + " ended the subscription to channel "
            + key + " (its slot moved to another node, or the node stopped serving it)", null));
      }
      engine.retryLater(channel);
      if (channels.isEmpty()) {
        drop();
      }
    });
  }

  @Override
  public void message(byte[] name, byte[] payload) {
    engine.post(() -> {
      if (dropped) {
        return;
      }
      Channel channel = engine.channel(new ByteKey(name));
      if (channel != null && channel.link == this && channel.confirmed) {
        engine.message(channel, name, payload);
      }
    });
  }

  @Override
  public void pong() {
    engine.post(() -> pingOutstanding = false);
  }

  @Override
  public void refused(byte @Nullable [] name, String error) {
    engine.post(() -> {
      if (dropped) {
        return;
      }
      Matcher moved = MOVED.matcher(error);
      if (moved.find()) {
        int slot = Integer.parseInt(moved.group(1));
        engine.topology().redirected(slot, new RedisNode(moved.group(2), Integer.parseInt(moved.group(3))));
        // The node no longer serves the slot: every channel of it on this connection is gone, a confirmed one too
        // (Redis normally says so first with an unsolicited SUNSUBSCRIBE; when that was missed, this is the loss).
        for (Channel channel : new ArrayList<>(channels)) {
          if (channel.slot == slot) {
            boolean wasConfirmed = channel.confirmed;
            channel.detach();
            channel.needsTopology = false; // the redirection named the owner
            if (wasConfirmed) {
              engine.lost(channel, new RecallConnectionException("Redis at " + node + " no longer serves channel "
                  + channel.key + ": " + error, null));
            }
            engine.retryLater(channel);
          }
        }
      } else {
        Channel channel = name == null ? null : engine.channel(new ByteKey(name));
        // Retried with the backoff (an ACL may be fixed meanwhile), but warned about once per loss.
        LOG.log(channel != null && channel.attempts > 0 ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
            "Redis at " + node + " refused a subscriber command"
            + (name == null ? "" : " for channel " + new ByteKey(name)) + ": " + error);
        if (channel != null && channel.link == this && !channel.confirmed) {
          channel.detach();
          engine.retryLater(channel);
        }
      }
      if (channels.isEmpty()) {
        drop();
      }
    });
  }

  @Override
  public void closed(Throwable cause) {
    engine.post(() -> fail(cause));
  }

  private static final PubSubLink NOT_OPEN = new PubSubLink() {
    @Override
    public void subscribe(byte[] channel) {
      throw new RecallConnectionException("the subscriber connection is not open", null);
    }

    @Override
    public void unsubscribe(byte[] channel) {
      throw new RecallConnectionException("the subscriber connection is not open", null);
    }

    @Override
    public void ping() {
      throw new RecallConnectionException("the subscriber connection is not open", null);
    }

    @Override
    public void close() {}
  };
}
