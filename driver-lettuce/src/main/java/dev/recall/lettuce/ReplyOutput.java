package dev.recall.lettuce;

import dev.recall.RecallCommandException;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds the raw reply shape every Recall driver shares: integer as {@link Long}, bulk and status strings as
 * {@code byte[]}, arrays (nested to any depth) as {@code List<Object>}, nil bulk strings and nil arrays as
 * {@code null}. A top-level error reply is left to Lettuce's error flag; an error nested in an array (from
 * {@code EXEC} or a Lua table) becomes a {@link RecallCommandException} element, as a batch would report it.
 *
 * <p>Arrays are closed by counting their elements rather than by Lettuce's {@link #complete(int)} depth
 * callbacks, so an empty or nil array never leaves the nesting out of step.
 */
final class ReplyOutput extends CommandOutput<byte[], byte[], @Nullable Object> {
  private static final Object[] NO_ARRAYS = {};
  private static final int[] NO_COUNTS = {};

  private final String command;
  // The arrays still being filled, innermost last, and how many elements each still expects.
  private Object[] open = NO_ARRAYS;
  private int[] missing = NO_COUNTS;
  private int depth;

  ReplyOutput(String command) {
    super(ByteArrayCodec.INSTANCE, null);
    this.command = command;
  }

  @Override
  public void set(@Nullable ByteBuffer bytes) {
    add(copy(bytes));
  }

  @Override
  public void setSingle(@Nullable ByteBuffer bytes) {
    add(copy(bytes));
  }

  @Override
  public void setBigNumber(@Nullable ByteBuffer bytes) {
    add(copy(bytes));
  }

  @Override
  public void set(long integer) {
    add(integer);
  }

  // Only RESP3 sends doubles and booleans; kept in RESP2's shape in case a server ever does.
  @Override
  public void set(double number) {
    add(Double.toString(number).getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public void set(boolean value) {
    add(value ? 1L : 0L);
  }

  @Override
  public void setError(@Nullable ByteBuffer error) {
    // Only RESP3 sends an error without text; RESP2 is forced, but a null must never become an NPE here.
    String text = error == null ? "ERR" : decodeString(error);
    if (depth == 0) {
      super.setError(text);
    } else {
      add(new RecallCommandException(command, text, null));
    }
  }

  @Override
  public void multi(int count) {
    if (count < 0) {
      add(null);
    } else if (count == 0) {
      add(new ArrayList<>(0));
    } else {
      push(new ArrayList<>(count), count);
    }
  }

  @Override
  public void complete(int depth) {
    // Nesting is tracked by element counts; see the class comment.
  }

  private void add(@Nullable Object value) {
    Object item = value;
    while (depth > 0) {
      int top = depth - 1;
      @SuppressWarnings("unchecked")
      List<@Nullable Object> list = (List<@Nullable Object>) open[top];
      list.add(item);
      if (--missing[top] > 0) {
        return;
      }
      // The array is full: it becomes one element of its parent.
      open[top] = null;
      depth = top;
      item = list;
    }
    output = item;
  }

  private void push(List<@Nullable Object> list, int count) {
    if (depth == open.length) {
      int size = Math.max(4, depth * 2);
      open = Arrays.copyOf(open, size);
      missing = Arrays.copyOf(missing, size);
    }
    open[depth] = list;
    missing[depth] = count;
    depth++;
  }

  private static byte @Nullable [] copy(@Nullable ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    // Lettuce reuses the buffer for the next element, so the bytes must be copied out now.
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
