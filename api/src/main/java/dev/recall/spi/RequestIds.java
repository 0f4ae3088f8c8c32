package dev.recall.spi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids, which make a write {@linkplain Command#resendable() resendable}: its script marks the id applied in a
 * key of its own and does nothing for the id again, so a resend after a cut connection applies the write once.
 */
public final class RequestIds {
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private RequestIds() {}

  /** {@return a new random request id: 128 bits, 22 URL-safe characters} */
  public static String next() {
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    return BASE64.encodeToString(id);
  }

  /**
   * Returns how long, in ms as ASCII bytes, a request id's key must live: a write is resent within a command timeout
   * of its first failure, which came within one of its sending, so twice the timeout, and 2 s of margin.
   *
   * @param commandTimeout the client's command timeout ({@link CommandExecutor#commandTimeout()})
   * @return the lifetime, for a {@code SET ... PX} argument
   */
  public static byte[] lifetimeMillis(Duration commandTimeout) {
    return Long.toString(commandTimeout.multipliedBy(2).plusSeconds(2).toMillis()).getBytes(StandardCharsets.US_ASCII);
  }
}
