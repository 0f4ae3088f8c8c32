package dev.recall.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback in front of a Redis server that can lose replies on purpose: after {@link #holdReplies()}
 * the server still receives and runs every command, but its replies are dropped, and {@link #cutConnections()}
 * then closes every connection, as a network failure would just after a command ran ({@link #holdRequests()} loses
 * the commands instead, before they run). It shows whether a client
 * resends a command whose outcome it never saw. New connections are forwarded normally once
 * {@link #forwardReplies()} is called again. Each connection uses two virtual threads.
 */
public final class CuttingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong droppedRequestBytes = new AtomicLong();
  private volatile boolean holding;
  private volatile boolean holdingRequests;
  private volatile boolean closed;

  private CuttingProxy(ServerSocket listener, InetSocketAddress target) {
    this.listener = listener;
    this.target = target;
  }

  /**
   * Starts a proxy on a free loopback port forwarding to {@code host:port}.
   *
   * @param host the host name or address of the Redis server to forward to
   * @param port the port of that server
   * @return the proxy, already accepting connections; close it to stop it
   * @throws UncheckedIOException when no loopback port can be opened
   */
  public static CuttingProxy start(String host, int port) {
    try {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      CuttingProxy proxy = new CuttingProxy(listener, new InetSocketAddress(host, port));
      Thread.ofVirtual().name("cutting-proxy-accept").start(proxy::acceptLoop);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the proxy's port", e);
    }
  }

  /** {@return the loopback port clients connect to} */
  public int port() {
    return listener.getLocalPort();
  }

  /** {@return the loopback address clients connect to, as an IP literal such as {@code 127.0.0.1}} */
  public String host() {
    return listener.getInetAddress().getHostAddress();
  }

  /** {@return how many client connections the proxy has accepted so far} */
  public long acceptedConnections() {
    return accepted.get();
  }

  /** From now on the server's replies are read and dropped; commands still reach the server. */
  public void holdReplies() {
    holding = true;
  }

  /** From now on the server's replies reach the clients again. */
  public void forwardReplies() {
    holding = false;
  }

  /**
   * From now on the clients' commands are read and dropped before they reach the server, as a network failure
   * would lose them just after the client wrote them; {@link #cutConnections()} then shows whether a client resends
   * a command that surely did not run.
   */
  public void holdRequests() {
    holdingRequests = true;
  }

  /** {@return how many bytes of the clients' commands {@link #holdRequests()} has dropped so far} */
  public long droppedRequestBytes() {
    return droppedRequestBytes.get();
  }

  /** From now on the clients' commands reach the server again. */
  public void forwardRequests() {
    holdingRequests = false;
  }

  /** Closes every open connection, on both sides; the proxy keeps accepting new ones. */
  public void cutConnections() {
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    cutConnections();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      Socket server = new Socket();
      try {
        server.connect(target, 2_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      sockets.add(client);
      sockets.add(server);
      Thread.ofVirtual().name("cutting-proxy-up").start(() -> pump(client, server, false));
      Thread.ofVirtual().name("cutting-proxy-down").start(() -> pump(server, client, true));
    }
  }

  private void pump(Socket from, Socket to, boolean replies) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (!(replies ? holding : holdingRequests)) {
          out.write(buffer, 0, n);
          out.flush();
        } else if (!replies) {
          droppedRequestBytes.addAndGet(n);
        }
      }
    } catch (IOException e) {
      // One side closed or was cut: the other side goes with it.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Already closed.
    }
  }

  @Override
  public String toString() {
    return "CuttingProxy[" + host() + ":" + port() + " -> " + target + (holding ? ", holding replies" : "")
        + (holdingRequests ? ", holding requests" : "") + "]";
  }
}
