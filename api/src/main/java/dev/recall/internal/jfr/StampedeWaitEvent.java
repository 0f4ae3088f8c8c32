package dev.recall.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;

/**
 * A call that waited for another caller computing the same value, in this JVM or (through the lease) in another
 * process. Recorded above its threshold, 20 ms unless a JFR setting says otherwise, like {@link LoadEvent}.
 */
@Name("dev.recall.StampedeWait")
@Label("Stampede Wait")
@Category("Recall")
@Description("A memoized call waited for another caller's computation of the same value")
@Threshold("20 ms")
final class StampedeWaitEvent extends jdk.jfr.Event {
  @Label("Cache")
  String cache;

  @Label("Function")
  String function;
}
