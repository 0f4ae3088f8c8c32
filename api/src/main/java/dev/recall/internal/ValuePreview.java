package dev.recall.internal;

import dev.recall.RecallCodecException;
import dev.recall.codec.Codecs;
import java.math.BigInteger;

/** Shows stored bytes in an error message, so a value that cannot be read can be recognised without dumping it. */
public final class ValuePreview {
  private ValuePreview() {}

  /**
   * Shows a stored value: as text when it is short printable UTF-8, else as its size and first bytes in hex.
   *
   * @param bytes the stored value
   * @return the preview, at most about 60 characters
   */
  public static String of(byte[] bytes) {
    try {
      String text = Codecs.string().decode(bytes);
      if (text.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
        return text.length() <= 40 ? "'" + text + "'"
            : "'" + text.substring(0, 40) + "...' (" + bytes.length + " bytes)";
      }
    } catch (RecallCodecException e) {
      // fall through to hex: the bytes are not text
    }
    int shown = Math.min(bytes.length, 16);
    byte[] head = java.util.Arrays.copyOf(bytes, shown);
    return bytes.length + " bytes 0x" + new BigInteger(1, head).toString(16) + (shown < bytes.length ? "..." : "");
  }
}
