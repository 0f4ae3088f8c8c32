package dev.recall.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recall.codec.Codecs;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Renders JSON the way Python prints the equivalent value, so a replay reads like the seed's: {@code ('foo',)} for
 * arguments, {@code str()} for a result. Text that is not JSON is shown as it is. Stateless. Package-private beside
 * {@link RecordedCall}, its only user, so the public package needs nothing from {@code internal}.
 */
final class PythonStyle {
  private PythonStyle() {}

  /** Renders a JSON array as a Python tuple: {@code ()}, {@code ('foo',)}, {@code (2, 3)}. */
  static String tuple(String jsonArray) {
    JsonNode node = parse(jsonArray);
    if (node == null || !node.isArray()) {
      return "(" + jsonArray + ")";
    }
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < node.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      repr(node.get(i), out);
    }
    if (node.size() == 1) {
      out.append(',');
    }
    return out.append(')').toString();
  }

  /** Renders JSON as Python's {@code str()}: a string as its bare text, anything else as {@code repr()}. */
  static String str(String json) {
    JsonNode node = parse(json);
    if (node == null) {
      return json;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    StringBuilder out = new StringBuilder();
    repr(node, out);
    return out.toString();
  }

  private static JsonNode parse(String json) {
    try {
      return Codecs.defaultMapper().readTree(json);
    } catch (IOException e) {
      return null;
    }
  }

  private static void repr(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case STRING -> quote(node.textValue(), out);
      case BOOLEAN -> out.append(node.booleanValue() ? "True" : "False");
      case NULL, MISSING -> out.append("None");
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          out.append(i > 0 ? ", " : "");
          repr(node.get(i), out);
        }
        out.append(']');
      }
      case OBJECT -> {
        out.append('{');
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        boolean first = true;
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          out.append(first ? "" : ", ");
          first = false;
          quote(field.getKey(), out);
          out.append(": ");
          repr(field.getValue(), out);
        }
        out.append('}');
      }
      default -> out.append(node.asText());
    }
  }

  /** Quotes like Python's {@code repr(str)}: single quotes unless the text has one and no double quote. */
  private static void quote(String text, StringBuilder out) {
    char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
    out.append(quote);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c == quote) {
            out.append('\\').append(c);
          } else if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append(quote);
  }
}
