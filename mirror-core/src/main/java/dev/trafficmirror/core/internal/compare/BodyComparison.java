package dev.trafficmirror.core.internal.compare;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import java.util.Arrays;
import java.util.List;

/**
 * Compares two response bodies: decoded, then structurally when both are JSON, else byte for byte.
 * A body that cannot be judged is not compared: the comparison gets a note and a reason ({@link
 * DifferenceSink#uncompared}): {@code truncated}, {@code decode-limit} (larger than the decode
 * limit once decoded), {@code unknown-encoding}, {@code corrupt-encoding}, {@code unparseable} (its
 * content type says JSON, and it is neither empty nor JSON) or {@code json-limit} (over a bound of
 * {@link JsonTree}).
 *
 * <p>One comparison holds at most two decoded bodies of the decode limit each and two JSON trees of
 * at most {@link JsonTree#MAX_NODES} values each. Immutable and thread-safe.
 */
public final class BodyComparison {
  /** The largest decode limit: {@value} (16 MiB). */
  public static final int MAX_DECODED_BYTES = 16 * 1024 * 1024;

  private final int maxDecodedBytes;
  private final JsonTree.Reader json;

  /** Creates a comparison decoding each body to at most {@code maxDecodedBytes}. */
  public BodyComparison(int maxDecodedBytes) {
    this(maxDecodedBytes, JsonTree.MAX_NODES);
  }

  BodyComparison(int maxDecodedBytes, int maxNodes) {
    this.maxDecodedBytes = maxDecodedBytes;
    this.json = new JsonTree.Reader(maxDecodedBytes, maxNodes);
  }

  /** One side of the comparison: a body as captured, with its headers and completeness. */
  public static final class Side {
    final String name;
    final Body body;
    final Headers headers;
    final boolean complete;

    /** Creates a side; {@code name} ({@code production} or {@code shadow}) appears in notes. */
    public Side(String name, Body body, Headers headers, boolean complete) {
      this.name = name;
      this.body = body;
      this.headers = headers;
      this.complete = complete;
    }
  }

  /** Adds the differences between the two bodies to {@code sink}, or why they were not compared. */
  public void compare(Side production, Side shadow, CompareRules rules, DifferenceSink sink) {
    if (!production.complete || !shadow.complete) {
      sink.uncompared(
          "truncated",
          "body not compared: "
              + (production.complete
                  ? "shadow body"
                  : shadow.complete ? "production body" : "production and shadow bodies")
              + " truncated");
      return;
    }
    List<String> productionEncodings = BodyDecoding.encodings(production.headers);
    if (production.body.equals(shadow.body)
        && productionEncodings.equals(BodyDecoding.encodings(shadow.headers))) {
      return; // the same bytes in the same encoding: no need to decode
    }
    BodyDecoding p = BodyDecoding.decode(production.body, production.headers, maxDecodedBytes);
    if (notDecoded(production, p, sink)) {
      return;
    }
    BodyDecoding s = BodyDecoding.decode(shadow.body, shadow.headers, maxDecodedBytes);
    if (notDecoded(shadow, s, sink)) {
      return;
    }
    compareDecoded(production, p.bytes(), shadow, s.bytes(), rules, sink);
  }

  private void compareDecoded(
      Side production, byte[] p, Side shadow, byte[] s, CompareRules rules, DifferenceSink sink) {
    int firstDifference = Arrays.mismatch(p, s);
    if (firstDifference < 0) {
      return;
    }
    if (mayBeJson(production, p) && mayBeJson(shadow, s)) {
      JsonTree.Node productionJson;
      JsonTree.Node shadowJson;
      Side reading = production;
      try {
        productionJson = json.read(p);
        reading = shadow;
        shadowJson = json.read(s);
      } catch (JsonTree.NotRead e) {
        // An empty body is no body rather than a malformed one: it differs, as bytes.
        if (declaresJson(reading) && (reading == production ? p : s).length > 0) {
          sink.uncompared(
              e.reason(),
              "body not compared: "
                  + reading.name
                  + " body "
                  + (e.reason().equals("json-limit")
                      ? "exceeds the JSON reading bounds"
                      : "is not JSON"));
          return;
        }
        productionJson = null; // sniffed as JSON, and it is not: compared as bytes
        shadowJson = null;
      }
      if (productionJson != null && shadowJson != null) {
        JsonDiff.diff(productionJson, shadowJson, rules, sink);
        return;
      }
    }
    if (sink.listsMore()) {
      int max = sink.maxValueChars();
      sink.add(
          "body",
          BodyPreview.render(p, firstDifference, max),
          BodyPreview.render(s, firstDifference, max));
    } else {
      sink.count();
    }
  }

  private static boolean declaresJson(Side side) {
    String contentType = side.headers.first("Content-Type");
    return contentType != null && MediaType.isJson(contentType);
  }

  /** JSON by content type, or with no content type when it starts like a JSON object or array. */
  private static boolean mayBeJson(Side side, byte[] bytes) {
    String contentType = side.headers.first("Content-Type");
    if (contentType != null) {
      return MediaType.isJson(contentType);
    }
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return b == '{' || b == '[';
      }
    }
    return false;
  }

  /** Notes why a side was not decoded, if it was not; returns whether it was not. */
  private boolean notDecoded(Side side, BodyDecoding decoding, DifferenceSink sink) {
    switch (decoding.status()) {
      case TOO_LARGE ->
          sink.uncompared(
              "decode-limit",
              "body not compared: "
                  + side.name
                  + " body larger than "
                  + maxDecodedBytes
                  + " bytes when decoded");
      case UNSUPPORTED ->
          sink.uncompared(
              "unknown-encoding",
              "body not compared: "
                  + side.name
                  + " body has unsupported Content-Encoding "
                  + printable(decoding.encoding()));
      case CORRUPT ->
          sink.uncompared(
              "corrupt-encoding",
              "body not compared: "
                  + side.name
                  + " body is not valid "
                  + printable(decoding.encoding()));
      case DECODED -> {
        return false;
      }
    }
    return true;
  }

  /** Header text goes into notes only when it looks like an encoding token. */
  private static String printable(String encoding) {
    return encoding.matches("[a-z0-9.+-]{1,20}") ? encoding : "(unprintable)";
  }
}
