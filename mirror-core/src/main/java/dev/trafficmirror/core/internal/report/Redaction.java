package dev.trafficmirror.core.internal.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.trafficmirror.core.SensitiveData;
import dev.trafficmirror.core.internal.compare.PointerPattern;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Difference;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Applies a {@link SensitiveData} policy to what is shown or stored: sensitive header values and
 * query values become {@link SensitiveData#REDACTED}, and so do body values at the policy's JSON
 * Pointers and difference values at, above or below them (a value above contains the redacted one;
 * a byte-compared {@code body} preview may). A form request body is redacted like a query. Another
 * body that is not JSON is shown as it is; JSON cut short is shown up to where it could be read,
 * then the marker. Immutable and thread-safe.
 */
public final class Redaction {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String HEADER_PATH = "header:";
  private static final String FORM = "application/x-www-form-urlencoded";

  private final SensitiveData policy;
  private final List<PointerPattern> pointers;

  /** Creates the redaction of {@code policy}. */
  public Redaction(SensitiveData policy) {
    this.policy = policy;
    this.pointers = policy.jsonPointers().stream().map(PointerPattern::parse).toList();
  }

  /** Returns the policy. */
  public SensitiveData policy() {
    return policy;
  }

  /** Returns {@code path} with its query redacted, {@code ?} between them when there is one. */
  public String pathAndQuery(String path, @Nullable String rawQuery) {
    String query = policy.redactQuery(rawQuery);
    return query == null ? path : path + "?" + query;
  }

  /**
   * Returns {@code outcome} as it may be shown: request and response headers, the query, the
   * differences and, when {@code bodies} is true, the bodies redacted. With {@code bodies} false
   * the bodies are left as they are, for a caller that does not show them.
   */
  public MirrorOutcome outcome(MirrorOutcome outcome, boolean bodies) {
    ProductionResponse p = outcome.production();
    ShadowResponse s = outcome.shadow();
    Comparison c = outcome.comparison();
    return MirrorOutcome.builder(
            outcome.target(), outcome.kind(), request(outcome.request(), bodies))
        .production(p == null ? null : production(p, bodies))
        .shadow(s == null ? null : shadow(s, bodies))
        .shadowDuration(outcome.shadowDuration())
        .error(outcome.error())
        .comparison(c == null ? null : comparison(c))
        .finishedAt(outcome.finishedAt())
        .build();
  }

  /**
   * Returns {@code request} with its headers, query and, when {@code bodies}, its body redacted: a
   * form body ({@code application/x-www-form-urlencoded}) like a query, others by {@link #body}.
   */
  public MirroredRequest request(MirroredRequest request, boolean bodies) {
    return request.toBuilder()
        .headers(policy.redactHeaders(request.headers()))
        .rawQuery(policy.redactQuery(request.rawQuery()))
        .body(bodies ? requestBody(request) : request.body())
        .build();
  }

  private Body requestBody(MirroredRequest request) {
    String type = request.contentType();
    if (type == null
        || !type.regionMatches(true, 0, FORM, 0, FORM.length())
        || request.body().isEmpty()) {
      return body(request.body());
    }
    // Form fields are percent-encoded ASCII: Latin-1 maps every byte to one char and back.
    String form = request.body().toString(StandardCharsets.ISO_8859_1);
    String redacted = policy.redactQuery(form);
    return redacted == null || redacted.equals(form)
        ? request.body()
        : Body.of(redacted.getBytes(StandardCharsets.ISO_8859_1));
  }

  private ProductionResponse production(ProductionResponse p, boolean bodies) {
    return p.toBuilder()
        .headers(policy.redactHeaders(p.headers()))
        .body(bodies ? body(p.body()) : p.body())
        .build();
  }

  private ShadowResponse shadow(ShadowResponse s, boolean bodies) {
    if (s.isDelivery()) {
      return s;
    }
    return ShadowResponse.of(
        s.status(),
        policy.redactHeaders(s.headers()),
        bodies ? body(s.body()) : s.body(),
        s.bodyComplete());
  }

  /** Returns {@code comparison} with the values of sensitive differences redacted. */
  public Comparison comparison(Comparison comparison) {
    List<Difference> differences = comparison.differences();
    List<Difference> out = null;
    for (int i = 0; i < differences.size(); i++) {
      Difference d = differences.get(i);
      if (isSensitive(d.path())) {
        if (out == null) {
          out = new ArrayList<>(differences.subList(0, i));
        }
        out.add(Difference.of(d.path(), mark(d.production()), mark(d.shadow())));
      } else if (out != null) {
        out.add(d);
      }
    }
    return out == null
        ? comparison
        : Comparison.of(out, comparison.differenceCount(), comparison.note());
  }

  private boolean isSensitive(String differencePath) {
    if (differencePath.startsWith(HEADER_PATH)) {
      return policy.isSensitiveHeader(differencePath.substring(HEADER_PATH.length()));
    }
    if (pointers.isEmpty()) {
      return false;
    }
    if (differencePath.equals("body")) {
      return true;
    }
    if (!differencePath.isEmpty() && differencePath.charAt(0) != '/') {
      return false;
    }
    List<String> segments;
    try {
      segments = PointerPattern.parse(differencePath).segments();
    } catch (IllegalArgumentException e) {
      return true; // A comparator of one's own wrote a path that is no pointer: it cannot be
      // cleared.
    }
    for (PointerPattern pointer : pointers) {
      if (pointer.covers(segments) || pointer.liesUnder(segments)) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable String mark(@Nullable String value) {
    return value == null ? null : SensitiveData.REDACTED;
  }

  /**
   * Returns {@code body} with the values at the policy's JSON Pointers redacted, re-serialised
   * compactly; the same body when there are no pointers or it is not JSON (not starting with a
   * brace or {@code [}).
   */
  public Body body(Body body) {
    if (pointers.isEmpty() || body.isEmpty()) {
      return body;
    }
    byte[] raw = body.toByteArray();
    int first = 0;
    while (first < raw.length && Character.isWhitespace(raw[first])) {
      first++;
    }
    if (first == raw.length || (raw[first] != '{' && raw[first] != '[')) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
    try (JsonParser parser = JSON.createParser(raw);
        JsonGenerator generator = JSON.createGenerator(out)) {
      try {
        copy(parser, generator, parser.nextToken(), new ArrayList<>());
      } catch (IOException | RuntimeException e) {
        // Cut short or not JSON after all: keep what was read and redacted, hide the rest.
        generator.flush();
        out.write(("…" + SensitiveData.REDACTED).getBytes(StandardCharsets.UTF_8));
        return Body.of(out.toByteArray());
      }
    } catch (IOException e) {
      return Body.of(SensitiveData.REDACTED.getBytes(StandardCharsets.UTF_8));
    }
    return Body.of(out.toByteArray());
  }

  private void copy(
      JsonParser parser, JsonGenerator out, @Nullable JsonToken token, List<String> path)
      throws IOException {
    if (token == null) {
      throw new IOException("unexpected end of JSON");
    }
    if (matches(path)) {
      out.writeString(SensitiveData.REDACTED);
      parser.skipChildren();
      return;
    }
    switch (token) {
      case START_OBJECT -> {
        out.writeStartObject();
        JsonToken next;
        while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          out.writeFieldName(name);
          path.add(name);
          copy(parser, out, parser.nextToken(), path);
          path.remove(path.size() - 1);
        }
        if (next != JsonToken.END_OBJECT) {
          throw new IOException("unexpected end of JSON object");
        }
        out.writeEndObject();
      }
      case START_ARRAY -> {
        out.writeStartArray();
        JsonToken next;
        int index = 0;
        while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
          path.add(Integer.toString(index++));
          copy(parser, out, next, path);
          path.remove(path.size() - 1);
        }
        out.writeEndArray();
      }
      // A number keeps its text (1.50 stays 1.50): it is shown, not computed with.
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.writeNumber(parser.getText());
      default -> out.copyCurrentEvent(parser);
    }
  }

  private boolean matches(List<String> path) {
    for (PointerPattern pointer : pointers) {
      if (pointer.matches(path)) {
        return true;
      }
    }
    return false;
  }
}
