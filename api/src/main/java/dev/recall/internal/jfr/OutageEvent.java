package dev.recall.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A time during which a function cache could not reach Redis: from its first failure until Redis answered again.
 * Committed at the end, so a recording shows an outage once it is over. No stack trace: the thread that notices
 * the recovery is any caller, which says nothing about the outage.
 */
@Name("dev.recall.Outage")
@Label("Redis Outage")
@Category("Recall")
@Description("A function cache could not reach Redis, from the first failure until Redis answered again")
@StackTrace(false)
final class OutageEvent extends jdk.jfr.Event {
  @Label("Cache")
  String cache;

  @Label("Cause")
  @Description("The first failure of the outage")
  String cause;

  @Label("Failures")
  @Description("The errors the cache counted during the outage, its failed calls to Redis above all")
  long failures;
}
