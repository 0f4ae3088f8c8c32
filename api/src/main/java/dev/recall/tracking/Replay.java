package dev.recall.tracking;

import java.util.List;
import java.util.Objects;

/**
 * The tracked history of one name: how many calls were counted and the calls recorded, oldest first. The count
 * and the recorded calls differ when only one of counting and recording was on, or when the history is bounded.
 *
 * @param name the tracked name
 * @param count the counter's value, 0 when never counted
 * @param calls the recorded calls, oldest first
 */
public record Replay(String name, long count, List<RecordedCall> calls) {

  /** Copies the list. */
  public Replay {
    Objects.requireNonNull(name, "name");
    calls = List.copyOf(calls);
  }

  /**
   * Renders the replay in the seed's layout: the line {@code <name> was called <count> times:}, then one line per
   * recorded call, {@code <name>(*<inputs>) -> <output>}, with the inputs as a Python tuple and the output as
   * Python's {@code str()} (see {@link RecordedCall#renderedInputs()} and {@link RecordedCall#renderedOutput()}),
   * for example {@code Cache.store(*('foo',)) -> 13bf32a9-...}. Lines end with {@code \n}.
   *
   * @return the rendered text
   */
  public String render() {
    StringBuilder text = new StringBuilder();
    text.append(name).append(" was called ").append(count).append(" times:\n");
    for (RecordedCall call : calls) {
      text.append(name).append("(*").append(call.renderedInputs()).append(") -> ")
          .append(call.renderedOutput()).append('\n');
    }
    return text.toString();
  }
}
