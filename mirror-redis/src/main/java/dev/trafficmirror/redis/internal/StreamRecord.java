package dev.trafficmirror.redis.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ProductionResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The stream record: one mirrored request with production's response, as the fields of one stream
 * entry. Format version 1 (documented in {@code docs/redis.md}):
 *
 * <ul>
 *   <li>text fields are UTF-8; bodies are the exact bytes, unencoded;
 *   <li>headers are a JSON array of {@code [name, value]} pairs in order, a repeated header once
 *       per value;
 *   <li>{@code query}, {@code traceparent} and {@code response-exception} are absent when there is
 *       none; every other field is always present;
 *   <li>a reader ignores fields it does not know (later versions may add optional ones) and rejects
 *       a {@code format} it does not know.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class StreamRecord {
  /** The format version this class writes and the only one it reads. */
  public static final String FORMAT_VERSION = "1";

  /** The format version, {@value #FORMAT_VERSION} here. */
  public static final String FORMAT = "format";

  /** The mirror id, shared by production's span, the replay's span and the logs. */
  public static final String MIRROR_ID = "mirror-id";

  /** The request method. */
  public static final String METHOD = "method";

  /** The request path, not decoded, without the query. */
  public static final String PATH = "path";

  /** The raw query without {@code ?}; absent when there is none. */
  public static final String QUERY = "query";

  /** When production received the request: an ISO-8601 instant. */
  public static final String RECEIVED_AT = "received-at";

  /** The production span's W3C {@code traceparent}; absent when there was none. */
  public static final String TRACEPARENT = "traceparent";

  /** The request headers as sent to a shadow (after the header policy), as JSON pairs. */
  public static final String REQUEST_HEADERS = "request-headers";

  /** The request body bytes. */
  public static final String REQUEST_BODY = "request-body";

  /** Production's status code, in decimal. */
  public static final String RESPONSE_STATUS = "response-status";

  /** Production's response headers, as JSON pairs. */
  public static final String RESPONSE_HEADERS = "response-headers";

  /** Production's response body bytes, as captured. */
  public static final String RESPONSE_BODY = "response-body";

  /** {@code true}, or {@code false} when the body was cut at the capture bound. */
  public static final String RESPONSE_BODY_COMPLETE = "response-body-complete";

  /** How long production took, in nanoseconds, decimal. */
  public static final String RESPONSE_DURATION_NANOS = "response-duration-nanos";

  /** The class of the exception production threw; absent when it did not throw. */
  public static final String RESPONSE_EXCEPTION = "response-exception";

  private static final JsonFactory JSON = new JsonFactory();

  private StreamRecord() {}

  /** A decoded record: the request as captured and production's response to it. */
  public record Replay(MirroredRequest request, ProductionResponse production) {}

  /**
   * Returns the fields of the record for {@code request} and {@code production}, in format order.
   * The map is only iterated (Jedis' binary {@code XADD} takes one), never searched by key.
   */
  @SuppressWarnings("ArrayAsKeyOfSetOrMap")
  public static Map<byte[], byte[]> encode(MirroredRequest request, ProductionResponse production) {
    Map<byte[], byte[]> fields = new LinkedHashMap<>(32);
    put(fields, FORMAT, FORMAT_VERSION);
    put(fields, MIRROR_ID, request.id());
    put(fields, METHOD, request.method());
    put(fields, PATH, request.path());
    String query = request.rawQuery();
    if (query != null) {
      put(fields, QUERY, query);
    }
    put(fields, RECEIVED_AT, request.receivedAt().toString());
    String traceparent = request.traceparent();
    if (traceparent != null) {
      put(fields, TRACEPARENT, traceparent);
    }
    fields.put(utf8(REQUEST_HEADERS), headersJson(request.headers()));
    fields.put(utf8(REQUEST_BODY), request.body().toByteArray());
    put(fields, RESPONSE_STATUS, Integer.toString(production.status()));
    fields.put(utf8(RESPONSE_HEADERS), headersJson(production.headers()));
    fields.put(utf8(RESPONSE_BODY), production.body().toByteArray());
    put(fields, RESPONSE_BODY_COMPLETE, Boolean.toString(production.bodyComplete()));
    put(fields, RESPONSE_DURATION_NANOS, Long.toString(saturatedNanos(production.duration())));
    String exception = production.exceptionClass();
    if (exception != null) {
      put(fields, RESPONSE_EXCEPTION, exception);
    }
    return fields;
  }

  /**
   * Returns the fields of a stream entry by name. Field names are decoded as UTF-8; values are the
   * arrays as given, not copied.
   */
  public static Map<String, byte[]> byName(Map<byte[], byte[]> fields) {
    Map<String, byte[]> named = new LinkedHashMap<>(fields.size() * 2);
    fields.forEach((name, value) -> named.put(new String(name, StandardCharsets.UTF_8), value));
    return named;
  }

  /**
   * Decodes a record. The body values become the bodies without a copy: the caller must not change
   * the arrays afterwards.
   *
   * @throws RecordFormatException naming the field when the entry is not a version 1 record
   */
  public static Replay decode(Map<String, byte[]> fields) throws RecordFormatException {
    checkFormat(fields);
    MirroredRequest request;
    try {
      request =
          MirroredRequest.builder(text(fields, METHOD), text(fields, PATH))
              .id(text(fields, MIRROR_ID))
              .rawQuery(optionalText(fields, QUERY))
              .receivedAt(instant(fields, RECEIVED_AT))
              .traceparent(optionalText(fields, TRACEPARENT))
              .headers(headers(fields, REQUEST_HEADERS))
              .body(body(fields, REQUEST_BODY))
              .build();
    } catch (IllegalArgumentException e) {
      throw new RecordFormatException("invalid request: " + e.getMessage(), e);
    }
    ProductionResponse production;
    try {
      production =
          ProductionResponse.builder(integer(fields, RESPONSE_STATUS))
              .headers(headers(fields, RESPONSE_HEADERS))
              .body(body(fields, RESPONSE_BODY))
              .bodyComplete(bool(fields, RESPONSE_BODY_COMPLETE))
              .duration(Duration.ofNanos(longValue(fields, RESPONSE_DURATION_NANOS)))
              .exceptionClass(optionalText(fields, RESPONSE_EXCEPTION))
              .build();
    } catch (IllegalArgumentException e) {
      throw new RecordFormatException(
          "invalid field " + RESPONSE_STATUS + ": " + e.getMessage(), e);
    }
    return new Replay(request, production);
  }

  /**
   * Checks that the entry is a record of the version this class reads.
   *
   * @throws RecordFormatException when the {@code format} field is missing or another version
   */
  public static void checkFormat(Map<String, byte[]> fields) throws RecordFormatException {
    String format = text(fields, FORMAT);
    if (!FORMAT_VERSION.equals(format)) {
      throw new RecordFormatException(
          "unsupported record format "
              + format
              + " (this replayer reads format "
              + FORMAT_VERSION
              + ")");
    }
  }

  private static void put(Map<byte[], byte[]> fields, String name, String value) {
    fields.put(utf8(name), utf8(value));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  static byte[] headersJson(Headers headers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + headers.size() * 32);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartArray();
      IOException[] failed = new IOException[1];
      headers.forEach(
          (name, value) -> {
            try {
              json.writeStartArray();
              json.writeString(name);
              json.writeString(value);
              json.writeEndArray();
            } catch (IOException e) {
              failed[0] = e;
            }
          });
      if (failed[0] != null) {
        throw failed[0];
      }
      json.writeEndArray();
    } catch (IOException e) {
      // Writing to memory does not fail.
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Headers headers(Map<String, byte[]> fields, String name)
      throws RecordFormatException {
    byte[] value = required(fields, name);
    Headers.Builder headers = Headers.builder();
    try (JsonParser json = JSON.createParser(value)) {
      expect(json.nextToken(), JsonToken.START_ARRAY, name);
      JsonToken token;
      while ((token = json.nextToken()) == JsonToken.START_ARRAY) {
        expect(json.nextToken(), JsonToken.VALUE_STRING, name);
        String header = json.getText();
        expect(json.nextToken(), JsonToken.VALUE_STRING, name);
        String headerValue = json.getText();
        expect(json.nextToken(), JsonToken.END_ARRAY, name);
        headers.add(header, headerValue);
      }
      expect(token, JsonToken.END_ARRAY, name);
      if (json.nextToken() != null) {
        throw new RecordFormatException("invalid field " + name + ": text after the array");
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new RecordFormatException("invalid field " + name + ": " + e.getMessage(), e);
    }
    return headers.build();
  }

  private static void expect(@Nullable JsonToken actual, JsonToken expected, String name)
      throws RecordFormatException {
    if (actual != expected) {
      throw new RecordFormatException(
          "invalid field "
              + name
              + ": expected a JSON array of [name, value] string pairs, found "
              + actual);
    }
  }

  private static Body body(Map<String, byte[]> fields, String name) throws RecordFormatException {
    byte[] value = required(fields, name);
    return Body.wrap(value, value.length);
  }

  private static byte[] required(Map<String, byte[]> fields, String name)
      throws RecordFormatException {
    byte[] value = fields.get(name);
    if (value == null) {
      throw new RecordFormatException("missing field " + name);
    }
    return value;
  }

  private static String text(Map<String, byte[]> fields, String name) throws RecordFormatException {
    return new String(required(fields, name), StandardCharsets.UTF_8);
  }

  private static @Nullable String optionalText(Map<String, byte[]> fields, String name) {
    byte[] value = fields.get(name);
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  private static Instant instant(Map<String, byte[]> fields, String name)
      throws RecordFormatException {
    String value = text(fields, name);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new RecordFormatException(
          "invalid field " + name + ": not an ISO-8601 instant: " + value, e);
    }
  }

  private static int integer(Map<String, byte[]> fields, String name) throws RecordFormatException {
    long value = longValue(fields, name);
    if (value != (int) value) {
      throw new RecordFormatException("invalid field " + name + ": not a whole number: " + value);
    }
    return (int) value;
  }

  private static long longValue(Map<String, byte[]> fields, String name)
      throws RecordFormatException {
    String value = text(fields, name);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new RecordFormatException(
          "invalid field " + name + ": not a whole number: " + value, e);
    }
  }

  private static boolean bool(Map<String, byte[]> fields, String name)
      throws RecordFormatException {
    String value = text(fields, name);
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new RecordFormatException(
              "invalid field " + name + ": must be true or false: " + value);
    };
  }
}
