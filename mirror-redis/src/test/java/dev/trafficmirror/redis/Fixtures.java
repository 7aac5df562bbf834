package dev.trafficmirror.redis;

import dev.trafficmirror.redis.internal.StreamRecord;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ProductionResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntryBinary;

/** Requests, responses and stream reads shared by the tests. */
final class Fixtures {
  static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private Fixtures() {}

  /** Every byte value, twice: no charset survives this unless bodies are kept as bytes. */
  static byte[] allBytes() {
    byte[] bytes = new byte[512];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  /** Many headers, repeated ones, odd characters in values. */
  static Headers manyHeaders() {
    Headers.Builder h =
        Headers.builder()
            .add("Content-Type", "application/octet-stream")
            .add("Accept", "application/json")
            .add("Accept", "text/plain;q=0.5")
            .add("X-Forwarded-For", "10.0.0.1")
            .add("X-Forwarded-For", "10.0.0.2")
            .add("X-Forwarded-For", "10.0.0.3")
            .add("X-Quote", "say \"hi\" \\ back")
            .add("X-Latin1", "caf\u00e9 na\u00efve")
            .add("X-Empty", "");
    for (int i = 0; i < 40; i++) {
      h.add("X-Header-" + i, "value-" + i);
    }
    return h.build();
  }

  static MirroredRequest binaryRequest() {
    return MirroredRequest.builder("POST", "/predict/v1")
        .rawQuery("model=iris&x=%20y")
        .headers(manyHeaders())
        .body(Body.of(allBytes()))
        .receivedAt(Instant.parse("2024-05-06T07:08:09.123456789Z"))
        .traceparent(TRACEPARENT)
        .build();
  }

  static MirroredRequest utf8Request(String method, String path, String json) {
    return MirroredRequest.builder(method, path)
        .headers(Headers.builder().add("Content-Type", "application/json; charset=utf-8").build())
        .body(Body.of(json, StandardCharsets.UTF_8))
        .build();
  }

  static ProductionResponse binaryResponse() {
    return ProductionResponse.builder(503)
        .headers(
            Headers.builder()
                .add("Content-Type", "application/octet-stream")
                .add("Set-Cookie", "a=1; Path=/")
                .add("Set-Cookie", "b=2; Path=/")
                .add("Cache-Control", "no-store")
                .build())
        .body(Body.of(allBytes()))
        .bodyComplete(false)
        .duration(Duration.ofNanos(12_345_678))
        .exceptionClass("java.lang.IllegalStateException")
        .build();
  }

  static ProductionResponse json(int status, String json) {
    return ProductionResponse.builder(status)
        .headers(Headers.builder().add("Content-Type", "application/json").build())
        .body(Body.of(json, StandardCharsets.UTF_8))
        .duration(Duration.ofMillis(4))
        .build();
  }

  /** Returns every entry of {@code stream}, read in binary. */
  static List<StreamEntryBinary> entries(UnifiedJedis redis, String stream) {
    List<Object> raw =
        redis.xrange(
            stream.getBytes(StandardCharsets.UTF_8),
            "-".getBytes(StandardCharsets.UTF_8),
            "+".getBytes(StandardCharsets.UTF_8));
    return BuilderFactory.STREAM_ENTRY_BINARY_LIST.build(raw);
  }

  /** Returns an entry's fields by name. */
  static Map<String, byte[]> fields(StreamEntryBinary entry) {
    return StreamRecord.byName(entry.getFields());
  }

  static String text(Map<String, byte[]> fields, String name) {
    byte[] value = fields.get(name);
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }
}
