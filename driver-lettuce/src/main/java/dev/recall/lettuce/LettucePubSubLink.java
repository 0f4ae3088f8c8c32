package dev.recall.lettuce;

import dev.recall.RecallConnectionException;
import dev.recall.spi.pubsub.LinkEvents;
import dev.recall.spi.pubsub.PubSubLink;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A pub/sub connection on a Lettuce {@link StatefulRedisPubSubConnection} that never reconnects by itself (the
 * subscriber decides when and where to subscribe again) and speaks RESP3, where messages are push frames that can
 * never be mistaken for a command's reply. Lettuce's I/O thread reports to the {@link LinkEvents}.
 */
final class LettucePubSubLink implements PubSubLink, RedisPubSubListener<byte[], byte[]> {
  private final String node;
  private final boolean sharded;
  private final LinkEvents events;
  private volatile @Nullable StatefulRedisPubSubConnection<byte[], byte[]> connection;
  private volatile boolean closed;
  private volatile CompletableFuture<Void> closing = CompletableFuture.completedFuture(null);

  LettucePubSubLink(String node, boolean sharded, LinkEvents events) {
    this.node = node;
    this.sharded = sharded;
    this.events = events;
  }

  /** Takes the opened connection; closes it at once when the link was closed while it opened. */
  void attach(StatefulRedisPubSubConnection<byte[], byte[]> opened) {
    opened.addListener(this);
    connection = opened;
    if (closed) {
      closing = opened.closeAsync();
    } else if (!opened.isOpen()) {
      disconnected();
    } else {
      events.connected();
    }
  }

  /** The connection could not be opened. */
  void failed(Throwable cause) {
    if (!closed) {
      events.closed(cause);
    }
  }

  /** Lettuce saw the connection drop. */
  void disconnected() {
    if (!closed) {
      closed = true;
      events.closed(new RecallConnectionException("the subscriber connection to Redis at " + node + " was lost",
          null));
    }
  }

  @Override
  public void subscribe(byte[] channel) {
    var commands = open().async();
    whenRefused(sharded ? commands.ssubscribe(channel) : commands.subscribe(channel), channel);
  }

  @Override
  public void unsubscribe(byte[] channel) {
    var commands = open().async();
    whenRefused(sharded ? commands.sunsubscribe(channel) : commands.unsubscribe(channel), channel);
  }

  @Override
  public void ping() {
    open().async().ping().whenComplete((pong, failure) -> {
      if (failure == null) {
        events.pong();
      }
    });
  }

  @Override
  public void close() {
    closed = true;
    StatefulRedisPubSubConnection<byte[], byte[]> open = connection;
    if (open != null) {
      closing = open.closeAsync();
    }
  }

  /**
   * Completes when the connection closed by {@link #close()} is closed (at once when it was not closed): the client
   * must not shut down before, or it closes the connection a second time and Lettuce warns about that.
   */
  CompletableFuture<Void> closing() {
    return closing;
  }

  private StatefulRedisPubSubConnection<byte[], byte[]> open() {
    StatefulRedisPubSubConnection<byte[], byte[]> open = connection;
    if (open == null || closed || !open.isOpen()) {
      throw new RecallConnectionException("the subscriber connection to Redis at " + node + " is not open", null);
    }
    return open;
  }

  // An error reply (MOVED, NOPERM) is reported; a failure of the connection itself comes through disconnected().
  private void whenRefused(CompletionStage<?> sent, byte[] channel) {
    sent.whenComplete((ignored, failure) -> {
      if (failure instanceof RedisCommandExecutionException error && !closed) {
        events.refused(channel, String.valueOf(error.getMessage()));
      }
    });
  }

  @Override
  public void message(byte[] channel, byte[] message) {
    events.message(channel, message);
  }

  @Override
  public void message(byte[] pattern, byte[] channel, byte[] message) {
    // Patterns are not used by Recall.
  }

  @Override
  public void subscribed(byte[] channel, long count) {
    events.subscribed(channel);
  }

  @Override
  public void psubscribed(byte[] pattern, long count) {}

  @Override
  public void unsubscribed(byte[] channel, long count) {
    events.unsubscribed(channel);
  }

  @Override
  public void punsubscribed(byte[] pattern, long count) {}

  @Override
  public void ssubscribed(byte[] channel, long count) {
    events.subscribed(channel);
  }

  @Override
  public void sunsubscribed(byte[] channel, long count) {
    events.unsubscribed(channel);
  }

  @Override
  public void smessage(byte[] channel, byte[] message) {
    events.message(channel, message);
  }
}
