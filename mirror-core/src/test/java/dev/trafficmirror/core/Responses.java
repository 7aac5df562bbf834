package dev.trafficmirror.core;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** Builds responses for comparator tests. */
final class Responses {
  static final MirroredRequest REQUEST =
      MirroredRequest.builder("POST", "/v1/models/iris:predict").id("00000000000000aa").build();

  static final Headers JSON = Headers.builder().add("Content-Type", "application/json").build();

  /** A typical answer of a model server. */
  static final String IRIS =
      """
      {"model":"iris-v1","prediction":"setosa","scores":[0.97,0.02,0.01],\
      "latency_ms":12,"request_id":"3f9c2a"}""";

  private Responses() {}

  static ProductionResponse production(int status, Headers headers, byte[] body) {
    return ProductionResponse.builder(status).headers(headers).body(Body.of(body)).build();
  }

  static ShadowResponse shadow(int status, Headers headers, byte[] body) {
    return ShadowResponse.of(status, headers, Body.of(body));
  }

  static Comparison compareJson(
      DefaultResponseComparator comparator, String production, String shadow) {
    return comparator.compare(
        REQUEST, production(200, JSON, utf8(production)), shadow(200, JSON, utf8(shadow)));
  }

  static Comparison compare(
      DefaultResponseComparator comparator,
      Headers productionHeaders,
      byte[] production,
      Headers shadowHeaders,
      byte[] shadow) {
    return comparator.compare(
        REQUEST,
        production(200, productionHeaders, production),
        shadow(200, shadowHeaders, shadow));
  }

  static Headers headers(String... namesAndValues) {
    Headers.Builder b = Headers.builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Gzips {@code size} zero bytes, streamed: about a thousandth of {@code size} on the wire. */
  static byte[] gzipZeros(long size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 20];
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
      for (long left = size; left > 0; left -= zeros.length) {
        gzip.write(zeros, 0, (int) Math.min(zeros.length, left));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Deflates, zlib-wrapped as HTTP says, or raw as some servers send it. */
  static byte[] deflate(byte[] bytes, boolean raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
    try (DeflaterOutputStream deflate = new DeflaterOutputStream(out, deflater)) {
      deflate.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deflater.end();
    }
    return out.toByteArray();
  }
}
