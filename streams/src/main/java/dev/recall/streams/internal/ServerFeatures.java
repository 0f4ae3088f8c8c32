package dev.recall.streams.internal;

import dev.recall.RecallException;
import dev.recall.spi.Command;
import dev.recall.spi.CommandExecutor;
import dev.recall.spi.Replies;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The newer stream commands a server offers, read once per client from {@code INFO server}.
 *
 * @param ackDelete whether {@code XACKDEL} exists (Redis 8.2 and later)
 * @param readClaim whether {@code XREADGROUP} takes {@code CLAIM} (Redis 8.4 and later)
 */
record ServerFeatures(boolean ackDelete, boolean readClaim) {
  /** What Redis 6.2 and 7.x offer: neither. */
  static final ServerFeatures LEGACY = new ServerFeatures(false, false);
  private static final Pattern VERSION = Pattern.compile("redis_version:(\\d+)\\.(\\d+)");

  /** Asks the server; a server that will not say (an ACL, a proxy) is treated as {@link #LEGACY}. */
  static ServerFeatures detect(CommandExecutor executor) {
    String info;
    try {
      info = String.valueOf(Replies.string(executor.execute(Command.keyless("INFO", reply -> reply, StreamCommands.utf8("server")))));
    } catch (RecallException e) {
      return LEGACY;
    }
    return fromInfo(info);
  }

  static ServerFeatures fromInfo(String info) {
    Matcher matcher = VERSION.matcher(info);
    if (!matcher.find()) {
      return LEGACY;
    }
    int version = Integer.parseInt(matcher.group(1)) * 100 + Integer.parseInt(matcher.group(2));
    return new ServerFeatures(version >= 802, version >= 804);
  }
}
