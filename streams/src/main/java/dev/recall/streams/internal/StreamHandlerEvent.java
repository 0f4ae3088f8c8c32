package dev.recall.streams.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * One call of a stream consumer's handler. Recorded above its threshold, 20 ms unless a JFR setting says otherwise.
 * No stack trace: it would only show the consumer's worker thread.
 */
@Name("dev.recall.StreamHandler")
@Label("Stream Handler")
@Category("Recall")
@Description("A stream consumer's handler processed one message")
@Threshold("20 ms")
@StackTrace(false)
final class StreamHandlerEvent extends jdk.jfr.Event {
  @Label("Channel")
  String channel;

  @Label("Group")
  String group;

  @Label("Message")
  @Description("The name of the message's type")
  String message;

  @Label("Success")
  @Description("false when the handler threw")
  boolean success;
}
