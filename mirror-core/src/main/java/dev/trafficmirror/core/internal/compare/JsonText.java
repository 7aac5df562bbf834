package dev.trafficmirror.core.internal.compare;

import dev.trafficmirror.core.internal.compare.JsonTree.ArrayNode;
import dev.trafficmirror.core.internal.compare.JsonTree.Node;
import dev.trafficmirror.core.internal.compare.JsonTree.NumberNode;
import dev.trafficmirror.core.internal.compare.JsonTree.ObjectNode;
import dev.trafficmirror.core.internal.compare.JsonTree.ScalarNode;
import java.util.List;
import java.util.Map;

/** Short compact-JSON renderings of values for differences. */
public final class JsonText {
  private static final char ELLIPSIS = '…';

  private JsonText() {}

  /** Returns {@code text} as a JSON string literal. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** Returns {@code node} as compact JSON of at most {@code maxChars} characters. */
  public static String render(Node node, int maxChars) {
    StringBuilder out = new StringBuilder();
    append(node, out, maxChars);
    return cap(out.toString(), maxChars);
  }

  /** Returns {@code nodes} as a compact JSON array of at most {@code maxChars} characters. */
  public static String renderArray(List<Node> nodes, int maxChars) {
    StringBuilder out = new StringBuilder();
    append(new ArrayNode(nodes), out, maxChars);
    return cap(out.toString(), maxChars);
  }

  /**
   * Returns {@code text} if it has at most {@code maxChars} characters, else its start with the
   * last character replaced by {@code …}, never splitting a surrogate pair.
   */
  public static String cap(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    int end = maxChars - 1;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + ELLIPSIS;
  }

  // Stops appending once past the limit, so a large subtree costs no more than the rendering shown.
  private static void append(Node node, StringBuilder out, int maxChars) {
    if (out.length() > maxChars) {
      return;
    }
    if (node instanceof ScalarNode scalar) {
      appendUpTo(scalar.json(), out, maxChars);
    } else if (node instanceof NumberNode number) {
      appendUpTo(number.text(), out, maxChars);
    } else if (node instanceof ArrayNode array) {
      out.append('[');
      for (int i = 0; i < array.elements().size() && out.length() <= maxChars; i++) {
        out.append(i == 0 ? "" : ",");
        append(array.elements().get(i), out, maxChars);
      }
      out.append(']');
    } else if (node instanceof ObjectNode object) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Node> member : object.members().entrySet()) {
        if (out.length() > maxChars) {
          break;
        }
        out.append(first ? "" : ",");
        appendUpTo(quote(member.getKey()), out, maxChars);
        out.append(':');
        append(member.getValue(), out, maxChars);
        first = false;
      }
      out.append('}');
    }
  }

  private static void appendUpTo(String text, StringBuilder out, int maxChars) {
    out.append(text, 0, Math.min(text.length(), Math.max(0, maxChars + 1 - out.length())));
  }
}
