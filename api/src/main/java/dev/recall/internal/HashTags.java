package dev.recall.internal;

/**
 * Hash tags for features whose commands or scripts touch several keys of one name: on a Redis Cluster such keys
 * must hash to one slot, so their names carry {@code {<name>}} (Redis hashes only what is between the first
 * {@code '{'} and the next {@code '}'}); on a single server the names stay bare.
 */
public final class HashTags {
  private HashTags() {}

  /**
   * Returns {@code {name}} on a cluster and {@code name} otherwise.
   *
   * @param what what the name names, for the error message
   * @throws IllegalArgumentException on a cluster when {@code prefix + "{" + name + "}"} would have an empty hash
   *     tag (the name starts with '}' or the prefix holds "{}"), which would scatter the keys over several slots
   */
  public static String tag(String prefix, String name, String what, boolean cluster) {
    if (!cluster) {
      return name;
    }
    String key = prefix + "{" + name + "}";
    int open = key.indexOf('{');
    if (key.charAt(open + 1) == '}') {
      throw new IllegalArgumentException("on a Redis Cluster " + what + " '" + prefix + name + "' must not "
          + (open < prefix.length() ? "have a prefix holding '{}'" : "start with '}'")
          + ": the keys' hash tag would be empty and spread them over several slots");
    }
    return "{" + name + "}";
  }
}
