package dev.recall.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * A minimal RESP2 client for controlling test servers (PING, FLUSHALL, SHUTDOWN, CONFIG), so the test kit needs
 * no Redis client library. One connection per call; not for application traffic.
 */
final class RespClient {
  private RespClient() {}

  /**
   * Sends one command and returns its reply: {@code String} for simple and bulk strings, {@code Long}, {@code List},
   * or {@code null}.
   *
   * @throws IOException when the server cannot be reached
   * @throws RedisServerException when the server answers with an error
   */
  static @Nullable Object call(String host, int port, int timeoutMillis, @Nullable String password, String... command)
      throws IOException {
    return call(host, port, timeoutMillis, password, false, command);
  }

  /**
   * Sends one command, preceded by {@code ASKING} when {@code asking} is set (to follow a cluster's {@code ASK}
   * redirection, which holds for the next command on the same connection only).
   *
   * @throws IOException when the server cannot be reached
   * @throws RedisServerException when the server answers with an error
   */
  static @Nullable Object call(String host, int port, int timeoutMillis, @Nullable String password, boolean asking,
      String... command) throws IOException {
    return call(null, host, port, timeoutMillis, password, asking, command);
  }

  /**
   * Sends one command over TLS when {@code tls} is given (a factory trusting the server's CA), else in plain text.
   *
   * @throws IOException when the server cannot be reached or the TLS handshake fails
   * @throws RedisServerException when the server answers with an error
   */
  static @Nullable Object call(@Nullable SSLSocketFactory tls, String host, int port, int timeoutMillis,
      @Nullable String password, boolean asking, String... command) throws IOException {
    return call(tls, host, port, timeoutMillis, password, 0, asking, command);
  }

  /**
   * Sends one command to the given logical database: a {@code SELECT} goes first on the same connection when it is
   * not 0, since a database is chosen per connection.
   *
   * @throws IOException when the server cannot be reached or the TLS handshake fails
   * @throws RedisServerException when the server answers with an error
   */
  static @Nullable Object call(@Nullable SSLSocketFactory tls, String host, int port, int timeoutMillis,
      @Nullable String password, int database, boolean asking, String... command) throws IOException {
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), timeoutMillis);
      plain.setSoTimeout(timeoutMillis);
      try (Socket socket = tls == null ? plain : tls.createSocket(plain, host, port, true)) {
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        if (password != null) {
          write(out, "AUTH", password);
          read(in);
        }
        if (database != 0) {
          write(out, "SELECT", Integer.toString(database));
          read(in);
        }
        if (asking) {
          write(out, "ASKING");
          read(in);
        }
        write(out, command);
        return read(in);
      }
    }
  }

  private static void write(OutputStream out, String... command) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    buffer.writeBytes(("*" + command.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (String part : command) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      buffer.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buffer.writeBytes(bytes);
      buffer.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.write(buffer.toByteArray());
    out.flush();
  }

  private static @Nullable Object read(InputStream in) throws IOException {
    int type = in.read();
    String line = readLine(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new RedisServerException("server replied: " + line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] data = in.readNBytes(length);
        readLine(in);
        return new String(data, StandardCharsets.UTF_8);
      }
      case '*': {
        int count = Integer.parseInt(line);
        if (count < 0) {
          return null;
        }
        List<@Nullable Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          items.add(read(in));
        }
        return items;
      }
      case -1:
        throw new IOException("connection closed by the server");
      default:
        throw new IOException("unexpected RESP type byte " + type);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\r') {
        in.read();
        break;
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
