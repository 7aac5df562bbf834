package dev.trafficmirror.core.internal.compare;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A parsed JSON document: just enough of a tree to compare two documents, read with jackson-core's
 * streaming parser.
 *
 * <p>Parsing is strict: one value, nothing after it, no duplicate keys, and jackson's default
 * limits on nesting depth and number and string length. Anything else is not JSON.
 */
public final class JsonTree {
  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private JsonTree() {}

  /** A JSON value. */
  public sealed interface Node permits ObjectNode, ArrayNode, NumberNode, ScalarNode {}

  /** An object; members in document order. */
  public record ObjectNode(Map<String, Node> members) implements Node {}

  /** An array. */
  public record ArrayNode(List<Node> elements) implements Node {}

  /** A number: its text as written, and its exact value. */
  public record NumberNode(String text, BigDecimal value) implements Node {}

  /**
   * A string, boolean or null: equal when their JSON texts are equal.
   *
   * @param json the value as compact JSON: {@code "setosa"} with quotes, {@code true}, {@code null}
   */
  public record ScalarNode(String json) implements Node {}

  /** Returns the document in {@code bytes} (UTF-8, -16 or -32), or null if it is not JSON. */
  public static @Nullable Node parse(byte[] bytes) {
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return null;
      }
      Node root = read(parser, first);
      return parser.nextToken() == null ? root : null;
    } catch (IOException | RuntimeException e) {
      // Malformed input and exceeded read constraints alike: the body is compared as bytes.
      return null;
    }
  }

  private static Node read(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> readObject(parser);
      case START_ARRAY -> readArray(parser);
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
          new NumberNode(parser.getText(), parser.getDecimalValue());
      case VALUE_STRING -> new ScalarNode(JsonText.quote(parser.getText()));
      case VALUE_TRUE -> new ScalarNode("true");
      case VALUE_FALSE -> new ScalarNode("false");
      case VALUE_NULL -> new ScalarNode("null");
      default -> throw new IOException("unexpected token " + token);
    };
  }

  private static Node readObject(JsonParser parser) throws IOException {
    Map<String, Node> members = new LinkedHashMap<>();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
      String name = parser.currentName();
      members.put(name, read(parser, parser.nextToken()));
    }
    return new ObjectNode(Collections.unmodifiableMap(members));
  }

  private static Node readArray(JsonParser parser) throws IOException {
    List<Node> elements = new ArrayList<>();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      elements.add(read(parser, t));
    }
    return new ArrayNode(Collections.unmodifiableList(elements));
  }
}
