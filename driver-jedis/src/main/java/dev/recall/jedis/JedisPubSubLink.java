package dev.recall.jedis;

import dev.recall.RecallConnectionException;
import dev.recall.spi.pubsub.LinkEvents;
import dev.recall.spi.pubsub.PubSubLink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A pub/sub connection on a Jedis {@link Connection}, read by a platform daemon thread of its own that connects
 * (with the client's config: TLS, credentials, timeouts), then reads every frame the server pushes and reports it.
 * Commands are written by the subscriber's thread; the socket read has no timeout, since liveness comes from the
 * subscriber's pings. Replies are RESP2 arrays ({@code message}, {@code subscribe}, {@code pong}...), so an error
 * reply is matched to the command it answers by keeping the commands that await a reply in order.
 */
final class JedisPubSubLink implements PubSubLink, Runnable {
  private static final ProtocolCommand PING = command("PING");

  private final HostAndPort node;
  private final JedisClientConfig config;
  private final LinkEvents events;
  private final ProtocolCommand subscribe;
  private final ProtocolCommand unsubscribe;
  private final ConcurrentLinkedQueue<Awaited> awaited = new ConcurrentLinkedQueue<>();
  private final Thread reader;
  private volatile @Nullable WritableConnection connection;
  private volatile boolean closed;

  private JedisPubSubLink(HostAndPort node, JedisClientConfig config, boolean sharded, LinkEvents events) {
    this.node = node;
    this.config = config;
    this.events = events;
    this.subscribe = command(sharded ? "SSUBSCRIBE" : "SUBSCRIBE");
    this.unsubscribe = command(sharded ? "SUNSUBSCRIBE" : "UNSUBSCRIBE");
    this.reader = Thread.ofPlatform().daemon().name("recall-subscriber-jedis-" + node).unstarted(this);
  }

  /** Starts connecting to the node on the link's own thread. */
  static JedisPubSubLink open(HostAndPort node, JedisClientConfig config, boolean sharded, LinkEvents events) {
    JedisPubSubLink link = new JedisPubSubLink(node, config, sharded, events);
    link.reader.start();
    return link;
  }

  /** The thread that reads this connection, so the transport can wait for it to end. */
  Thread reader() {
    return reader;
  }

  @Override
  public void subscribe(byte[] channel) {
    send(new Awaited(Kind.SUBSCRIBE, channel), new CommandArguments(subscribe).add(channel));
  }

  @Override
  public void unsubscribe(byte[] channel) {
    send(new Awaited(Kind.UNSUBSCRIBE, channel), new CommandArguments(unsubscribe).add(channel));
  }

  @Override
  public void ping() {
    send(new Awaited(Kind.PING, null), new CommandArguments(PING));
  }

  @Override
  public void close() {
    closed = true;
    WritableConnection open = connection;
    if (open != null) {
      disconnect(open);
    }
  }

  @Override
  public void run() {
    WritableConnection open;
    try {
      open = new WritableConnection(node, config);
      open.setTimeoutInfinite();
    } catch (RuntimeException e) {
      if (!closed) {
        events.closed(JedisFailures.translate("SUBSCRIBE", node.toString(), e));
      }
      return;
    }
    connection = open;
    if (closed) { // close() ran before the connection was published: it is this thread's to close
      disconnect(open);
      return;
    }
    events.connected();
    while (!closed) {
      Object frame;
      try {
        frame = open.getUnflushedObject();
      } catch (JedisDataException error) {
        Awaited answered = awaited.poll();
        events.refused(answered == null ? null : answered.channel, String.valueOf(error.getMessage()));
        continue;
      } catch (RuntimeException e) {
        if (!closed) {
          events.closed(JedisFailures.translate("SUBSCRIBE", node.toString(), e));
        }
        disconnect(open);
        return;
      }
      dispatch(frame);
    }
    disconnect(open);
  }

  private void dispatch(@Nullable Object frame) {
    if (frame instanceof byte[] status) { // +PONG, when no channel is subscribed on the connection
      if (ascii(status).equalsIgnoreCase("PONG")) {
        answered(Kind.PING, null);
        events.pong();
      }
      return;
    }
    if (!(frame instanceof List<?> parts) || parts.size() < 2 || !(parts.get(0) instanceof byte[] type)) {
      return;
    }
    byte[] channel = parts.get(1) instanceof byte[] name ? name : null;
    switch (ascii(type).toLowerCase(java.util.Locale.ROOT)) {
      case "message", "smessage" -> {
        if (channel != null && parts.size() >= 3 && parts.get(2) instanceof byte[] payload) {
          events.message(channel, payload);
        }
      }
      case "subscribe", "ssubscribe" -> {
        if (channel != null) {
          answered(Kind.SUBSCRIBE, channel);
          events.subscribed(channel);
        }
      }
      case "unsubscribe", "sunsubscribe" -> {
        if (channel != null) {
          answered(Kind.UNSUBSCRIBE, channel);
          events.unsubscribed(channel);
        }
      }
      case "pong" -> {
        answered(Kind.PING, null);
        events.pong();
      }
      default -> {
        // pmessage and other kinds are not used by Recall.
      }
    }
  }

  /** Forgets the oldest awaited command when this reply answers it (an unsolicited one answers none). */
  private void answered(Kind kind, byte @Nullable [] channel) {
    Awaited oldest = awaited.peek();
    if (oldest != null && oldest.kind == kind
        && (channel == null || oldest.channel == null || java.util.Arrays.equals(oldest.channel, channel))) {
      awaited.poll();
    }
  }

  private void send(Awaited command, CommandArguments arguments) {
    WritableConnection open = connection;
    if (open == null || closed) {
      throw new RecallConnectionException("the subscriber connection to " + node + " is not open", null);
    }
    awaited.add(command);
    try {
      open.sendAndFlush(arguments);
    } catch (JedisConnectionException e) {
      throw JedisFailures.translate(ascii(arguments.getCommand().getRaw()), node.toString(), e);
    }
  }

  private static void disconnect(Connection connection) {
    try {
      connection.forceDisconnect();
    } catch (IOException | RuntimeException e) {
      // Closed already.
    }
  }

  private static String ascii(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  private static ProtocolCommand command(String name) {
    byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
    return () -> raw;
  }

  private enum Kind { SUBSCRIBE, UNSUBSCRIBE, PING }

  /** A command sent and not yet answered; the channel of a (un)subscription, null for a ping. */
  private record Awaited(Kind kind, byte @Nullable [] channel) {}

  /** A Jedis connection whose writes can be flushed by the writer, while the reader thread blocks in a read. */
  private static final class WritableConnection extends Connection {
    WritableConnection(HostAndPort node, JedisClientConfig config) {
      super(node, config);
    }

    void sendAndFlush(CommandArguments arguments) {
      sendCommand(arguments);
      flush();
    }
  }
}
