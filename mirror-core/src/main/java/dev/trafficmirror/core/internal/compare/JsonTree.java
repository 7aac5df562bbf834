package dev.trafficmirror.core.internal.compare;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
 * streaming parser, within stated bounds.
 *
 * <p>Parsing is strict: one value, nothing after it, no duplicate keys. A reader bounds what a
 * document may cost: {@link #MAX_NESTING_DEPTH} levels, {@link #MAX_NUMBER_LENGTH} characters per
 * number, {@link #MAX_NODES} values, and a document and each string no longer than the decode limit
 * it is created with. The tree is lean: a number keeps only its text (its exact value is computed
 * when compared), and {@code true}, {@code false} and {@code null} are shared nodes.
 *
 * <p>A {@link Reader} is immutable and thread-safe; the nodes are immutable.
 */
public final class JsonTree {
  /** The deepest nesting of arrays and objects read: {@value}. */
  public static final int MAX_NESTING_DEPTH = 500;

  /** The most characters of a number: {@value}; a double holds 17 significant digits. */
  public static final int MAX_NUMBER_LENGTH = 200;

  /**
   * The most values in one document: {@value}. A lean node costs at most about 64 bytes, so a tree
   * costs at most about 16 MiB whatever the document's size.
   */
  public static final int MAX_NODES = 250_000;

  private static final ScalarNode TRUE = new ScalarNode("true");
  private static final ScalarNode FALSE = new ScalarNode("false");
  private static final ScalarNode NULL = new ScalarNode("null");
  private static final Reader DEFAULT = new Reader(BodyComparison.MAX_DECODED_BYTES, MAX_NODES);

  private JsonTree() {}

  /** A JSON value. */
  public sealed interface Node permits ObjectNode, ArrayNode, NumberNode, ScalarNode {}

  /** An object; members in document order. */
  public record ObjectNode(Map<String, Node> members) implements Node {}

  /** An array. */
  public record ArrayNode(List<Node> elements) implements Node {}

  /** A number: its text as written. */
  public record NumberNode(String text) implements Node {
    /** Returns the number's exact value, computed on each call. */
    public BigDecimal value() {
      return new BigDecimal(text);
    }
  }

  /**
   * A string, boolean or null: equal when their JSON texts are equal.
   *
   * @param json the value as compact JSON: {@code "setosa"} with quotes, {@code true}, {@code null}
   */
  public record ScalarNode(String json) implements Node {}

  /** Why a body that should be JSON was not read. */
  public static final class NotRead extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    NotRead(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    /** Returns {@code unparseable} (not JSON) or {@code json-limit} (over a bound). */
    public String reason() {
      return reason;
    }
  }

  /**
   * Returns the document in {@code bytes} (UTF-8, -16 or -32) read with the default bounds and a
   * decode limit of 16 MiB, or null if it is not JSON or exceeds a bound.
   */
  public static @Nullable Node parse(byte[] bytes) {
    try {
      return DEFAULT.read(bytes);
    } catch (NotRead e) {
      return null;
    }
  }

  /** Reads documents within bounds. Immutable and thread-safe. */
  public static final class Reader {
    private final JsonFactory factory;
    private final int maxNodes;

    /**
     * Creates a reader of documents (and strings) of at most {@code maxDocumentBytes}, with at most
     * {@code maxNodes} values.
     */
    public Reader(int maxDocumentBytes, int maxNodes) {
      this.maxNodes = maxNodes;
      this.factory =
          JsonFactory.builder()
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(MAX_NESTING_DEPTH)
                      .maxNumberLength(MAX_NUMBER_LENGTH)
                      .maxDocumentLength(Math.max(1, maxDocumentBytes))
                      .maxStringLength(Math.max(1, maxDocumentBytes))
                      .maxNameLength(Math.max(1, maxDocumentBytes))
                      .build())
              .build();
    }

    /**
     * Returns the document in {@code bytes}.
     *
     * @throws NotRead with reason {@code unparseable} if it is not one JSON value, or {@code
     *     json-limit} if it exceeds a bound
     */
    public Node read(byte[] bytes) throws NotRead {
      try (JsonParser parser = factory.createParser(bytes)) {
        JsonToken first = parser.nextToken();
        if (first == null) {
          throw new NotRead("unparseable", "empty");
        }
        Node root = new Walk(parser, maxNodes).read(first);
        if (parser.nextToken() != null) {
          throw new NotRead("unparseable", "more than one value");
        }
        return root;
      } catch (StreamConstraintsException e) {
        throw new NotRead("json-limit", "over a read constraint");
      } catch (IOException | RuntimeException e) {
        throw new NotRead("unparseable", "malformed");
      }
    }
  }

  /** One document's reading: counts its values. */
  private static final class Walk {
    private final JsonParser parser;
    private int nodesLeft;

    Walk(JsonParser parser, int maxNodes) {
      this.parser = parser;
      this.nodesLeft = maxNodes;
    }

    Node read(JsonToken token) throws IOException, NotRead {
      if (--nodesLeft < 0) {
        throw new NotRead("json-limit", "too many values");
      }
      return switch (token) {
        case START_OBJECT -> readObject();
        case START_ARRAY -> readArray();
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new NumberNode(parser.getText());
        case VALUE_STRING -> new ScalarNode(JsonText.quote(parser.getText()));
        case VALUE_TRUE -> TRUE;
        case VALUE_FALSE -> FALSE;
        case VALUE_NULL -> NULL;
        default -> throw new IOException("unexpected token " + token);
      };
    }

    private Node readObject() throws IOException, NotRead {
      Map<String, Node> members = new LinkedHashMap<>();
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
        String name = parser.currentName();
        members.put(name, read(parser.nextToken()));
      }
      return new ObjectNode(Collections.unmodifiableMap(members));
    }

    private Node readArray() throws IOException, NotRead {
      List<Node> elements = new ArrayList<>();
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        elements.add(read(t));
      }
      return new ArrayNode(Collections.unmodifiableList(elements));
    }
  }
}
