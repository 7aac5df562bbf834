package dev.trafficmirror.core.internal.compare;

import dev.trafficmirror.core.internal.compare.BodyDecoding.Status;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Compares two response bodies: decoded, then structurally when both are JSON, else byte for byte.
 * A body that cannot be judged (truncated, too large once decoded, an unknown encoding) is not
 * compared, and a note says why.
 */
public final class BodyComparison {
  /** The most bytes a body may have once decoded: {@value} (16 MiB). */
  public static final int MAX_DECODED_BYTES = 16 * 1024 * 1024;

  private BodyComparison() {}

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

  /** Adds the differences between the two bodies to {@code sink}, or a note when not compared. */
  public static void compare(
      Side production, Side shadow, CompareRules rules, DifferenceSink sink) {
    compare(production, shadow, rules, sink, MAX_DECODED_BYTES);
  }

  static void compare(
      Side production, Side shadow, CompareRules rules, DifferenceSink sink, int maxDecodedBytes) {
    if (!production.complete || !shadow.complete) {
      sink.note("body not compared: " + (production.complete ? "shadow body"
          : shadow.complete ? "production body" : "production and shadow bodies") + " truncated");
      return;
    }
    List<String> productionEncodings = BodyDecoding.encodings(production.headers);
    if (production.body.equals(shadow.body)
        && productionEncodings.equals(BodyDecoding.encodings(shadow.headers))) {
      return; // the same bytes in the same encoding: no need to decode
    }
    BodyDecoding p = BodyDecoding.decode(production.body, production.headers, maxDecodedBytes);
    BodyDecoding s = BodyDecoding.decode(shadow.body, shadow.headers, maxDecodedBytes);
    String notCompared = notCompared(production, p, maxDecodedBytes);
    if (notCompared == null) {
      notCompared = notCompared(shadow, s, maxDecodedBytes);
    }
    if (notCompared != null) {
      sink.note(notCompared);
      return;
    }
    if (p.status() == Status.CORRUPT || s.status() == Status.CORRUPT) {
      int max = sink.maxValueChars();
      sink.add("body", undecodable(production, p, max), undecodable(shadow, s, max));
      return;
    }
    compareDecoded(production, p.bytes(), shadow, s.bytes(), rules, sink);
  }

  private static void compareDecoded(
      Side production, byte[] p, Side shadow, byte[] s, CompareRules rules, DifferenceSink sink) {
    int firstDifference = Arrays.mismatch(p, s);
    if (firstDifference < 0) {
      return;
    }
    if (mayBeJson(production, p) && mayBeJson(shadow, s)) {
      JsonTree.Node productionJson = JsonTree.parse(p);
      JsonTree.Node shadowJson = productionJson == null ? null : JsonTree.parse(s);
      if (productionJson != null && shadowJson != null) {
        JsonDiff.diff(productionJson, shadowJson, rules, sink);
        return;
      }
    }
    if (sink.listsMore()) {
      int max = sink.maxValueChars();
      sink.add("body", BodyPreview.render(p, firstDifference, max),
          BodyPreview.render(s, firstDifference, max));
    } else {
      sink.count();
    }
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

  private static @Nullable String notCompared(Side side, BodyDecoding decoding, int maxBytes) {
    return switch (decoding.status()) {
      case TOO_LARGE -> "body not compared: " + side.name + " body larger than " + maxBytes
          + " bytes when decoded";
      case UNSUPPORTED -> "body not compared: " + side.name
          + " body has unsupported Content-Encoding " + printable(decoding.encoding());
      case DECODED, CORRUPT -> null;
    };
  }

  private static String undecodable(Side side, BodyDecoding decoding, int maxChars) {
    return decoding.status() == Status.CORRUPT
        ? "<undecodable " + printable(decoding.encoding()) + " body, " + side.body.size()
            + " bytes>"
        : BodyPreview.render(decoding.bytes(), 0, maxChars);
  }

  /** Header text goes into notes only when it looks like an encoding token. */
  private static String printable(String encoding) {
    return encoding.matches("[a-z0-9.+-]{1,20}") ? encoding : "(unprintable)";
  }
}
