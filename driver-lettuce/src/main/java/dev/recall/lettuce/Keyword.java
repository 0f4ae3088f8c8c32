package dev.recall.lettuce;

import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import java.util.concurrent.TimeUnit;

/**
 * Any command name as Lettuce's {@link ProtocolKeyword}, carrying how long its reply may take, so that one generic
 * dispatch path serves every command and a blocking command gets its block time on top of the command timeout.
 */
final class Keyword implements ProtocolKeyword {
  private final byte[] bytes;
  private final String name;
  private final long timeoutNanos;

  Keyword(byte[] bytes, String name, long timeoutNanos) {
    this.bytes = bytes;
    this.name = name;
    this.timeoutNanos = timeoutNanos;
  }

  @Override
  public byte[] getBytes() {
    return bytes;
  }

  // Lettuce compares toString() with AUTH, SELECT, MULTI... to track connection state, so it must be the bare name.
  @Override
  public String toString() {
    return name;
  }

  /**
   * Reads the timeout off each command's keyword; commands Lettuce sends itself (the handshake) get the default.
   */
  static final class Timeouts extends TimeoutOptions.TimeoutSource {
    private final long defaultNanos;

    Timeouts(long defaultNanos) {
      this.defaultNanos = defaultNanos;
    }

    @Override
    public long getTimeout(RedisCommand<?, ?, ?> command) {
      return command.getType() instanceof Keyword keyword ? keyword.timeoutNanos : defaultNanos;
    }

    @Override
    public TimeUnit getTimeUnit() {
      return TimeUnit.NANOSECONDS;
    }
  }
}
