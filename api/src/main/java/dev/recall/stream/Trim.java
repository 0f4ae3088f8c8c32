package dev.recall.stream;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a send trims its stream, approximately ({@code ~}) so that Redis only drops whole nodes: keep about the
 * newest {@link #maxLen} entries, or drop entries older than {@link #minId}. Trimming deletes entries whether or
 * not consumer groups have read them; use it to bound memory, and {@link Streams#cleanUp} to drop consumed ones.
 *
 * @param kind what the threshold means
 * @param threshold the number of entries for {@code MAXLEN}, an entry id for {@code MINID}
 */
public record Trim(Kind kind, String threshold) {
  private static final Pattern ID = Pattern.compile("\\d+(-\\d+)?");

  /** The trimming strategies of {@code XADD}. */
  public enum Kind {
    /** Keep about this many newest entries. */
    MAXLEN,
    /** Drop entries whose id is below this one. */
    MINID
  }

  /**
   * Checks the threshold.
   *
   * @throws IllegalArgumentException when it is not a non-negative count or an entry id
   */
  public Trim {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(threshold, "threshold");
    boolean valid = kind == Kind.MAXLEN ? threshold.matches("\\d+") : ID.matcher(threshold).matches();
    if (!valid) {
      throw new IllegalArgumentException("a " + kind + " trim threshold must be "
          + (kind == Kind.MAXLEN ? "a non-negative count" : "an entry id like 1700000000000-0")
          + ", got '" + threshold + "'");
    }
  }

  /**
   * Keeps about the newest {@code entries} entries.
   *
   * @param entries how many entries to keep; 0 or more
   * @return a {@code MAXLEN} trim
   * @throws IllegalArgumentException when negative
   */
  public static Trim maxLen(long entries) {
    if (entries < 0) {
      throw new IllegalArgumentException("maxLen must not be negative, got " + entries);
    }
    return new Trim(Kind.MAXLEN, Long.toString(entries));
  }

  /**
   * Drops entries with ids below {@code id}, such as {@code "1700000000000-0"} or just milliseconds.
   *
   * @param id the lowest entry id to keep
   * @return a {@code MINID} trim
   * @throws NullPointerException when the id is null
   * @throws IllegalArgumentException when it is not an entry id
   */
  public static Trim minId(String id) {
    return new Trim(Kind.MINID, id);
  }
}
