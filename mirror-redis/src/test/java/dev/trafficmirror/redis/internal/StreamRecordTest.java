package dev.trafficmirror.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficmirror.redis.internal.StreamRecord.Replay;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ProductionResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamRecordTest {
  private static final byte[] BINARY = {0, 1, (byte) 0x80, (byte) 0xff, '\r', '\n', '"', 0};

  private static MirroredRequest request() {
    return MirroredRequest.builder("POST", "/p")
        .id("00aa11bb22cc33dd")
        .rawQuery("a=1&b=%C3%A9")
        .headers(
            Headers.builder()
                .add("Accept", "a")
                .add("X-Rep", "1")
                .add("Accept", "b")
                .add("X-Rep", "2")
                .build())
        .body(Body.of(BINARY))
        .receivedAt(Instant.parse("2024-01-02T03:04:05.000000006Z"))
        .traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        .build();
  }

  private static ProductionResponse response() {
    return ProductionResponse.builder(418)
        .headers(Headers.builder().add("Set-Cookie", "a=1").add("Set-Cookie", "b=2").build())
        .body(Body.of("t\u00e9\u2603", StandardCharsets.UTF_8))
        .bodyComplete(false)
        .duration(Duration.ofNanos(1_234_567_891L))
        .exceptionClass("java.io.IOException")
        .build();
  }

  @Test
  void encodeThenDecode_givesBackEveryFieldExactly() throws Exception {
    Replay replay =
        StreamRecord.decode(StreamRecord.byName(StreamRecord.encode(request(), response())));

    MirroredRequest r = replay.request();
    assertThat(r.id()).isEqualTo("00aa11bb22cc33dd");
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/p");
    assertThat(r.rawQuery()).isEqualTo("a=1&b=%C3%A9");
    assertThat(r.headers()).isEqualTo(request().headers());
    assertThat(r.body().toByteArray()).isEqualTo(BINARY);
    assertThat(r.receivedAt()).isEqualTo(Instant.parse("2024-01-02T03:04:05.000000006Z"));
    assertThat(r.traceparent()).isEqualTo(request().traceparent());
    ProductionResponse p = replay.production();
    assertThat(p.status()).isEqualTo(418);
    assertThat(p.headers().all("Set-Cookie")).containsExactly("a=1", "b=2");
    assertThat(p.body()).isEqualTo(response().body());
    assertThat(p.bodyComplete()).isFalse();
    assertThat(p.duration()).isEqualTo(Duration.ofNanos(1_234_567_891L));
    assertThat(p.exceptionClass()).isEqualTo("java.io.IOException");
  }

  @Test
  void encode_writesTheDocumentedFieldsInOrder_bodiesRaw_headersAsJsonPairs() {
    Map<String, byte[]> fields = StreamRecord.byName(StreamRecord.encode(request(), response()));

    assertThat(fields.keySet())
        .containsExactly(
            "format",
            "mirror-id",
            "method",
            "path",
            "query",
            "received-at",
            "traceparent",
            "request-headers",
            "request-body",
            "response-status",
            "response-headers",
            "response-body",
            "response-body-complete",
            "response-duration-nanos",
            "response-exception");
    assertThat(text(fields, "format")).isEqualTo("1");
    assertThat(fields.get("request-body")).isEqualTo(BINARY);
    // Headers grouped by name as Headers keeps them, a repeated one once per value.
    assertThat(text(fields, "request-headers"))
        .isEqualTo("[[\"Accept\",\"a\"],[\"Accept\",\"b\"],[\"X-Rep\",\"1\"],[\"X-Rep\",\"2\"]]");
    assertThat(text(fields, "received-at")).isEqualTo("2024-01-02T03:04:05.000000006Z");
    assertThat(text(fields, "response-duration-nanos")).isEqualTo("1234567891");
    assertThat(text(fields, "response-body-complete")).isEqualTo("false");
  }

  @Test
  void optionalFields_absentWhenThereIsNothing_andReadBackAsNull() throws Exception {
    MirroredRequest bare = MirroredRequest.builder("GET", "/").build();
    ProductionResponse ok = ProductionResponse.builder(200).build();
    Map<String, byte[]> fields = StreamRecord.byName(StreamRecord.encode(bare, ok));

    assertThat(fields).doesNotContainKeys("query", "traceparent", "response-exception");
    assertThat(fields.get("request-body")).isEmpty();
    assertThat(text(fields, "request-headers")).isEqualTo("[]");
    Replay replay = StreamRecord.decode(fields);
    assertThat(replay.request().rawQuery()).isNull();
    assertThat(replay.request().traceparent()).isNull();
    assertThat(replay.request().body().isEmpty()).isTrue();
    assertThat(replay.production().exceptionClass()).isNull();
  }

  @Test
  void decode_ignoresFieldsItDoesNotKnow() throws Exception {
    Map<String, byte[]> fields = StreamRecord.byName(StreamRecord.encode(request(), response()));
    fields.put("added-in-a-later-minor-version", "x".getBytes(StandardCharsets.UTF_8));

    assertThat(StreamRecord.decode(fields).request().id()).isEqualTo("00aa11bb22cc33dd");
  }

  @Test
  void decode_rejectsWhatItCannotRead_namingTheField() {
    assertRejected(Map.of("hello", "world"), "missing field format");
    assertRejected(
        with("format", "2"), "unsupported record format 2 (this replayer reads format 1)");
    assertRejected(without("path"), "missing field path");
    assertRejected(
        with("response-status", "abc"), "invalid field response-status: not a whole number: abc");
    assertRejected(
        with("response-status", "42"),
        "invalid field response-status: status must be 100..999: 42");
    assertRejected(
        with("response-body-complete", "yes"),
        "invalid field response-body-complete: must be true or false: yes");
    assertRejected(
        with("received-at", "yesterday"),
        "invalid field received-at: not an ISO-8601 instant: yesterday");
    assertRejected(
        with("response-duration-nanos", "1.5"),
        "invalid field response-duration-nanos: not a whole number: 1.5");
    assertRejected(
        with("request-headers", "{\"a\":\"b\"}"),
        "invalid field request-headers: expected a JSON array");
    assertRejected(
        with("request-headers", "[[\"a\"]]"),
        "invalid field request-headers: expected a JSON array");
    assertRejected(
        with("request-headers", "[[\"\",\"v\"]]"),
        "invalid field request-headers: header name is empty");
    assertRejected(
        with("response-headers", "[] []"), "invalid field response-headers: text after the array");
  }

  private static Map<String, byte[]> with(String name, String value) {
    Map<String, byte[]> fields = StreamRecord.byName(StreamRecord.encode(request(), response()));
    fields.put(name, value.getBytes(StandardCharsets.UTF_8));
    return fields;
  }

  private static Map<String, byte[]> without(String name) {
    Map<String, byte[]> fields = StreamRecord.byName(StreamRecord.encode(request(), response()));
    fields.remove(name);
    return fields;
  }

  private static void assertRejected(Map<String, ?> fields, String message) {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    fields.forEach(
        (k, v) ->
            bytes.put(
                k, v instanceof byte[] b ? b : String.valueOf(v).getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> StreamRecord.decode(bytes))
        .isInstanceOf(RecordFormatException.class)
        .hasMessageStartingWith(message);
  }

  private static String text(Map<String, byte[]> fields, String name) {
    return new String(fields.get(name), StandardCharsets.UTF_8);
  }

  @Test
  void headersJson_escapesWhatJsonMust() {
    byte[] json = StreamRecord.headersJson(Headers.builder().add("X", "q\"\\\u0001\u00e9").build());
    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo("[[\"X\",\"q\\\"\\\\\\u0001\u00e9\"]]");
  }
}
