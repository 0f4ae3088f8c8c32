package dev.recall.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;

/**
 * One computation of a memoized function's value (a miss or a refresh). Recorded only above its threshold, 20 ms
 * unless a JFR setting says otherwise ({@code dev.recall.Load#threshold}), so the quick computations of a busy cache
 * do not flood a recording; the stack trace shows which call site paid for it.
 */
@Name("dev.recall.Load")
@Label("Function Load")
@Category("Recall")
@Description("A memoized function computed a value on a miss or a refresh")
@Threshold("20 ms")
final class LoadEvent extends jdk.jfr.Event {
  @Label("Cache")
  String cache;

  @Label("Function")
  String function;

  @Label("Outcome")
  @Description("success when the function returned, failure when it threw")
  String outcome;
}
